using System;
using System.Numerics;
using Isometry.Numerics;

namespace Isometry.Activations;

/// <summary>
/// phi' and phi'' continued to complex arguments near the real axis. The Stieltjes transform of the law of
/// phi'(h)^2 is then an integral along a path bent off the real axis, away from its poles
/// (FreeProbability.ContourStieltjes): the route to the Jacobian density for any activation whose slope is analytic.
/// </summary>
public interface IComplexSlope
{
    /// <summary>phi'(x) for |Im x| below <see cref="SlopeStrip"/> (and Re x &lt; 0 where <see cref="PositiveSideSlope"/> is set).</summary>
    Complex Derivative(Complex x);

    /// <summary>phi''(x), on the same domain.</summary>
    Complex SecondDerivative(Complex x);

    /// <summary>Distance from the real axis to the nearest singularity of phi' (infinity when phi' is entire).</summary>
    double SlopeStrip { get; }

    /// <summary>
    /// phi' on x &gt; 0 when it is a constant there and phi' is analytic only on x &lt; 0 (SELU: lambda, so that the law of
    /// D^2 has an atom lambda^2 of mass 1/2); null when phi' is analytic on the whole line.
    /// </summary>
    double? PositiveSideSlope { get; }
}

/// <summary>Complex versions of the elementary functions the activations are built from.</summary>
public static class ComplexFunctions
{
    private static readonly double InvSqrt2Pi = 1.0 / Math.Sqrt(2.0 * Math.PI);

    /// <summary>1/(1 + e^-x), written so that neither exponential overflows.</summary>
    public static Complex Logistic(Complex x)
    {
        if (x.Real >= 0.0) return 1.0 / (1.0 + Complex.Exp(-x));
        Complex e = Complex.Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>sech^2(x) = 4 e^(-2|x|)/(1 + e^(-2|x|))^2 (|x| by the sign of Re x), which neither overflows nor cancels.</summary>
    public static Complex SechSquared(Complex x)
    {
        Complex e = Complex.Exp(x.Real >= 0.0 ? -2.0 * x : 2.0 * x);
        Complex d = 1.0 + e;
        return 4.0 * e / (d * d);
    }

    /// <summary>tanh(x) = (1 - e^(-2x))/(1 + e^(-2x)), by the sign of Re x.</summary>
    public static Complex Tanh(Complex x)
    {
        if (x.Real >= 0.0)
        {
            Complex e = Complex.Exp(-2.0 * x);
            return (1.0 - e) / (1.0 + e);
        }
        Complex f = Complex.Exp(2.0 * x);
        return (f - 1.0) / (f + 1.0);
    }

    /// <summary>erf(x) = 2 Phi(sqrt 2 x) - 1 at complex x near the real axis.</summary>
    public static Complex Erf(Complex x) => 2.0 * NormalCdf(Math.Sqrt(2.0) * x) - 1.0;

    /// <summary>The standard normal density at complex x.</summary>
    public static Complex NormalPdf(Complex x) => InvSqrt2Pi * Complex.Exp(-0.5 * x * x);

    private static readonly double[] LegendreNodes, LegendreWeights;

    static ComplexFunctions()
    {
        var rule = new MathNet.Numerics.Integration.GaussLegendreRule(0.0, 1.0, 12);
        LegendreNodes = rule.Abscissas;
        LegendreWeights = rule.Weights;
    }

    /// <summary>
    /// The standard normal distribution function at x = a + ib: Phi(a) + i int_0^b pdf(a + iu) du. The integrand is entire
    /// and, with |a b| below 8, turns less than two times over [0, b]: 12 Gauss-Legendre nodes give it to rounding
    /// (error bound (ab)^24 (12!)^4 / (24!)^3, 1e-15 at ab = 8). Beyond that the path is split.
    /// </summary>
    public static Complex NormalCdf(Complex x)
    {
        double a = x.Real, b = x.Imaginary;
        Complex value = GaussianExpectation.Cdf(a);
        if (b == 0.0) return value;
        int parts = Math.Max(1, (int)Math.Ceiling(Math.Abs(a * b) / 8.0));
        double width = b / parts;
        Complex sum = 0.0;
        for (int p = 0; p < parts; p++)
        for (int k = 0; k < LegendreNodes.Length; k++)
        {
            double u = (p + LegendreNodes[k]) * width;
            // pdf(a + iu) = pdf(a) e^(u^2/2) e^(-i a u)
            double scale = LegendreWeights[k] * Math.Exp(0.5 * (u * u - a * a));
            sum += new Complex(scale * Math.Cos(a * u), -scale * Math.Sin(a * u));
        }
        return value + Complex.ImaginaryOne * (InvSqrt2Pi * width) * sum;
    }
}
