namespace Isometry;

/// <summary>The nonlinearities Isometry knows (MATH.md section 2).</summary>
public enum Activation
{
    /// <summary>phi(x) = x.</summary>
    Linear,
    /// <summary>phi(x) = max(0, x).</summary>
    ReLU,
    /// <summary>phi(x) = clip(x, -1, 1).</summary>
    HardTanh,
    /// <summary>phi(x) = tanh(x).</summary>
    Tanh,
    /// <summary>phi(x) = erf(x).</summary>
    Erf,
    /// <summary>phi(x) = 1/(1 + e^-x), the logistic sigmoid: not odd (E[phi] = 1/2 at q = 0), phi' = sech^2(x/2)/4.</summary>
    Sigmoid,
    /// <summary>phi(x) = x sigma(x) (SiLU, swish); phi' = sigma(x) (1 + x sigma(-x)).</summary>
    SiLU,
    /// <summary>phi(x) = x Phi(x) (GELU, erf form), Phi the standard normal distribution function; phi' = Phi(x) + x pdf(x).</summary>
    GELU,
    /// <summary>phi(x) = ln(1 + e^x); phi' = sigma(x). Positive everywhere: no critical line.</summary>
    Softplus,
    /// <summary>phi(x) = lambda x (x &gt; 0), lambda alpha (e^x - 1) (x &lt;= 0), lambda = 1.0507..., alpha = 1.6733...; q* = 1 at WeightStd 1, BiasStd 0.</summary>
    SELU,
    /// <summary>A user's own phi, given as a C# expression in x by -Expression (and optionally phi' by -Derivative).</summary>
    Custom,
}
