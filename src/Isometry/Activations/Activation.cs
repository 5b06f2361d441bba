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
}
