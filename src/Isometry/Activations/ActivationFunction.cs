using System;
using Isometry.Numerics;

namespace Isometry.Activations;

/// <summary>
/// A nonlinearity and the Gaussian expectations mean-field theory needs of it, u = sqrt(q) z with z ~ N(0, 1).
/// </summary>
/// <remarks>
/// The base class computes every expectation by quadrature; activations with closed forms (MATH.md table)
/// override them. The quadrature versions stay public (<c>Numeric*</c>) so the closed forms can be checked.
/// </remarks>
public abstract class ActivationFunction
{
    private static readonly ActivationFunction[] All =
    {
        new LinearActivation(), new ReLUActivation(), new HardTanhActivation(), new TanhActivation(), new ErfActivation(),
        new SigmoidActivation(), new SiLUActivation(), new GELUActivation(), new SoftplusActivation(), new SELUActivation(),
    };

    /// <summary>The shared instance for <paramref name="kind"/>.</summary>
    public static ActivationFunction For(Activation kind) =>
        kind == Activation.Custom ? throw new ArgumentException("A Custom activation is made from its expression: CustomActivation.Compile.", nameof(kind))
        : (int)kind >= 0 && (int)kind < All.Length ? All[(int)kind]
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");

    /// <summary>The built-in activation, or for Custom the one compiled from <paramref name="expression"/> (and its derivative).</summary>
    public static ActivationFunction For(Activation kind, string? expression, string? derivative = null) =>
        kind == Activation.Custom ? CustomActivation.Compile(expression ?? "", derivative) : For(kind);

    /// <summary>A user's expression for phi (Custom); null for the built-in activations.</summary>
    public virtual string? Expression => null;

    /// <summary>How messages name it: the kind, or for a Custom activation its expression.</summary>
    public string Name => Expression is string e ? $"Custom '{e}'" : Kind.ToString();

    public abstract Activation Kind { get; }

    public abstract double Value(double x);

    public abstract double Derivative(double x);

    /// <summary>phi''(x) away from kinks (the delta masses at kinks are handled by the closed forms).</summary>
    public virtual double SecondDerivative(double x) => 0.0;

    /// <summary>Where phi' jumps, in x.</summary>
    public virtual double[] Kinks => Array.Empty<double>();

    /// <summary>True for Linear, ReLU and HardTanh: D^2 is Bernoulli(p) on {0, 1}.</summary>
    public virtual bool IsPiecewiseLinear => false;

    /// <summary>
    /// True when |phi| &lt;= 1, so the length map is bounded and always has a finite fixed point.
    /// False for the positively homogeneous Linear and ReLU, whose length map is affine in q.
    /// </summary>
    public abstract bool IsBounded { get; }

    /// <summary>True for Linear and ReLU: phi(c x) = c phi(x) for c &gt; 0, so the length map is affine in q.</summary>
    public virtual bool IsPositivelyHomogeneous => false;

    /// <summary>
    /// For an unbounded phi that is not positively homogeneous (SiLU, GELU, Softplus, SELU): the limit of E[phi(u)^2] / q
    /// as q grows, so that the length map grows like sw^2 times this; null otherwise.
    /// </summary>
    public virtual double? LinearGrowth => null;

    /// <summary>
    /// E[phi(u)^2] at large q as Growth q + Constant within Remainder / sqrt(q) (the built-in rectifiers); null where no
    /// such bound is known (a Custom activation).
    /// </summary>
    public virtual (double Growth, double Constant, double Remainder)? LargeQMeanSquare => null;

    /// <summary>Why phi has no critical line at all, or null when the critical-line search applies.</summary>
    public virtual string? NoCriticalLine => null;

    /// <summary>phi' continued off the real axis (the density's route for a phi'^2 that is not even); null where there is none.</summary>
    public virtual IComplexSlope? ComplexSlope => this as IComplexSlope;

    /// <summary>E[phi(u)^2].</summary>
    public virtual double MeanSquare(double q) => NumericMeanSquare(q);

    /// <summary>E[phi'(u)^2]: chi / sw^2, and for piecewise-linear phi the linear fraction p(q).</summary>
    public virtual double MeanSquaredDerivative(double q) => NumericMeanSquaredDerivative(q);

    /// <summary>d/dq E[phi(u)^2] = E[phi'(u)^2] + E[phi(u) phi''(u)] (Stein's lemma).</summary>
    public virtual double MeanSquareSlope(double q) => NumericMeanSquareSlope(q);

    /// <summary>
    /// sb^2 on the critical line at q* = q: q - E[phi^2] / E[phi'^2]. For small q the two terms agree to O(q^3) (smooth
    /// phi) or to an exponentially small amount (HardTanh), so activations override this where the plain difference
    /// would lose every digit.
    /// </summary>
    public virtual double CriticalBiasVariance(double q) => q - MeanSquare(q) / MeanSquaredDerivative(q);

    /// <summary>
    /// The same for an odd smooth phi from its Taylor series phi(u) = sum_k a_k u^(2k+1) (<paramref name="odd"/> holds
    /// a_0, a_1, ...), for q up to about 1e-3: E[phi^2] and E[phi'^2] as power series in q (E[u^(2k)] = (2k-1)!! q^k),
    /// their quotient by series division, and q minus it, whose q and q^2 terms vanish exactly.
    /// </summary>
    protected static double SmallVarianceCriticalBias(double[] odd, double q)
    {
        int n = odd.Length;
        var phi = new double[2 * n + 1];
        var slope = new double[2 * n + 1];
        for (int k = 0; k < n; k++)
        {
            phi[2 * k + 1] = odd[k];
            slope[2 * k] = (2 * k + 1) * odd[k];
        }
        var square = PowerSeries.Multiply(phi, phi, 2 * n + 1);
        var slopeSquare = PowerSeries.Multiply(slope, slope, 2 * n + 1);
        // Gaussian moments: the u^(2k) coefficient becomes the q^k coefficient times (2k - 1)!!.
        var meanSquare = new double[n + 1];
        var meanSlopeSquare = new double[n + 1];
        double doubleFactorial = 1.0;
        for (int k = 0; k <= n; k++)
        {
            if (k > 0) doubleFactorial *= 2 * k - 1;
            meanSquare[k] = square[2 * k] * doubleFactorial;
            meanSlopeSquare[k] = slopeSquare[2 * k] * doubleFactorial;
        }
        var ratio = PowerSeries.Multiply(meanSquare, PowerSeries.Reciprocal(meanSlopeSquare, n + 1), n + 1);
        // q - ratio: for any odd phi the q and q^2 terms cancel exactly (ratio = q + O(q^3)); rounding would leave
        // 1e-16 q behind, which swamps the true O(q^3) once q is below 1e-8.
        ratio[1] = 0.0;
        ratio[2] = 0.0;
        double sum = 0.0;
        for (int k = n; k >= 1; k--) sum = sum * q - ratio[k];
        return sum * q;
    }

    /// <summary>p(q), the probability that a unit is in its linear regime; null for smooth activations.</summary>
    public virtual double? LinearFraction(double q) => null;

    /// <summary>E[phi(m + s z)].</summary>
    public virtual double ShiftedMean(double m, double s) =>
        s == 0.0 ? Value(m) : GaussianExpectation.Of(z => Value(m + s * z), -m / s, 1.0 / s, ScaledKinks(m, s));

    /// <summary>E[phi'(m + s z)].</summary>
    public virtual double ShiftedMeanDerivative(double m, double s) =>
        s == 0.0 ? Derivative(m) : GaussianExpectation.Of(z => Derivative(m + s * z), -m / s, 1.0 / s, ScaledKinks(m, s));

    public double NumericMeanSquare(double q) =>
        q <= 0.0 ? Square(Value(0.0)) : OverU(q, u => Square(Value(u)));

    public double NumericMeanSquaredDerivative(double q) =>
        q <= 0.0 ? Square(Derivative(0.0)) : OverU(q, u => Square(Derivative(u)));

    /// <summary>
    /// Stein's form E[phi'^2 + phi phi''] at moderate q. For a bounded phi at large q its two terms cancel (for tanh
    /// both integrate over u to 4/3), leaving O(q^-3/2) out of O(q^-1/2) terms; there the heat-kernel form
    /// d/dq E[g(sqrt(q) z)] = E[g(sqrt(q) z) (z^2 - 1)] / (2q), with g = phi^2 = 1 - gap and E[z^2 - 1] = 0, gives
    /// -E[gap(u) (z^2 - 1)] / (2q), whose integrand keeps one sign where the gap lives.
    /// </summary>
    public double NumericMeanSquareSlope(double q)
    {
        if (q <= 0.0) return Square(Derivative(0.0)) + Value(0.0) * SecondDerivative(0.0);
        if (IsBounded && q > LargeVariance)
        {
            double r = Math.Sqrt(q);
            return -GaussianExpectation.Of(z => SaturationGap(r * z) * (z * z - 1.0), 0.0, 1.0 / r, ScaledKinks(0.0, r)) / (2.0 * q);
        }
        return OverU(q, u => Square(Derivative(u)) + Value(u) * SecondDerivative(u));
    }

    /// <summary>Where the heat-kernel form of the slope takes over from Stein's form.</summary>
    public const double LargeVariance = 16.0;

    /// <summary>1 - phi(x)^2 for a bounded phi, written to keep its digits where phi saturates.</summary>
    public virtual double SaturationGap(double x)
    {
        double v = Value(x);
        return (1.0 - v) * (1.0 + v);
    }

    /// <summary>E[g(sqrt(q) z)] with panels placed at phi's scale and kinks.</summary>
    /// <param name="q">The variance of u.</param>
    /// <param name="g">The integrand as a function of u.</param>
    /// <param name="absoluteTolerance">The noise floor of g when g is itself a quadrature (see GaussianExpectation.Of).</param>
    public double OverU(double q, Func<double, double> g, double absoluteTolerance = 0.0)
    {
        double r = Math.Sqrt(q);
        return GaussianExpectation.Of(z => g(r * z), 0.0, 1.0 / r, ScaledKinks(0.0, r), absoluteTolerance);
    }

    private double[] ScaledKinks(double m, double s)
    {
        var kinks = Kinks;
        if (kinks.Length == 0) return kinks;
        var z = new double[kinks.Length];
        for (int i = 0; i < kinks.Length; i++) z[i] = (kinks[i] - m) / s;
        return z;
    }

    protected static double Square(double x) => x * x;

    public override string ToString() => Kind.ToString();
}
