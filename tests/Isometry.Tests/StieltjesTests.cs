using System;
using System.Numerics;
using Isometry.Activations;
using Isometry.FreeProbability;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

/// <summary>
/// G(zeta) = E[1/(zeta - d)] for the law of d = phi'(sqrt(q) z)^2, checked against brute force (a fine uniform rule,
/// valid where the pole is not too near the real axis), the Plemelj formula on the support, the moment expansion at
/// large zeta and finite differences.
/// </summary>
public class StieltjesTests
{
    private static SquaredSlopeStieltjes For(Activation a, double q) =>
        new((IAnalyticSquaredSlope)ActivationFunction.For(a), q);

    /// <summary>2 int_0^Z pdf(z)/(zeta - g(z)) dz (and minus the squared kernel) on 240,000 Gauss-Legendre nodes.</summary>
    private static (Complex G, Complex DG) BruteForce(Activation a, double q, Complex zeta, double top = 12.0)
    {
        var phi = ActivationFunction.For(a);
        var rule = new MathNet.Numerics.Integration.GaussLegendreRule(-1.0, 1.0, 16);
        int panels = 15000;
        double h = top / panels;
        Complex g = 0, dg = 0;
        for (int i = 0; i < panels; i++)
            for (int k = 0; k < 16; k++)
            {
                double z = i * h + 0.5 * h * (rule.Abscissas[k] + 1.0);
                double d = phi.Derivative(Math.Sqrt(q) * z);
                d *= d;
                double w = 0.5 * h * rule.Weights[k] * 2.0 * Numerics.GaussianExpectation.Pdf(z);
                Complex inv = 1.0 / (zeta - d);
                g += w * inv;
                dg -= w * inv * inv;
            }
        return (g, dg);
    }

    private static void CloseComplex(Complex expected, Complex actual, double rel, string what)
    {
        double err = (expected - actual).Magnitude;
        Assert.True(err <= rel * expected.Magnitude, $"{what}: expected {expected}, got {actual} (error {err:E3}, relative {err / expected.Magnitude:E3})");
    }

    [Theory]
    [InlineData(Activation.Tanh, 0.5, 0.5, 0.02)]     // inside the support, pole near the axis
    [InlineData(Activation.Tanh, 0.5, 0.999, 0.001)]  // next to the top, the two poles about to merge
    [InlineData(Activation.Tanh, 0.5, 0.01, 0.01)]    // near 0
    [InlineData(Activation.Tanh, 0.5, -0.3, 0.0)]     // negative real axis
    [InlineData(Activation.Tanh, 0.5, 1.3, 0.0)]      // above the support
    [InlineData(Activation.Tanh, 4.0, 1e-3, 1e-4)]    // large q: E[1/d] is dominated by z near 4 sqrt(q)
    [InlineData(Activation.Tanh, 0.01, 0.98, 0.001)]  // narrow law near 1
    [InlineData(Activation.Erf, 0.8, 0.6, 0.01)]
    [InlineData(Activation.Erf, 0.8, 1e-3, 1e-3)]
    [InlineData(Activation.Erf, 2.0, 1e-6, 1e-6)]     // q > 1/4: E[1/d] diverges, the mass sits at the pole
    [InlineData(Activation.Erf, 0.1, 1.27, 0.0005)]
    [InlineData(Activation.Erf, 0.3, -2.0, 0.5)]
    public void MatchesBruteForceQuadrature(Activation a, double q, double re, double im)
    {
        var zeta = new Complex(re, im);
        var (g, dg) = For(a, q).Evaluate(zeta);
        var (eg, edg) = BruteForce(a, q, zeta);
        CloseComplex(eg, g, 1e-11, "G");
        CloseComplex(edg, dg, 1e-10, "G'");
    }

    [Theory]
    [InlineData(Activation.Tanh, 0.5)]
    [InlineData(Activation.Tanh, 3.0)]
    [InlineData(Activation.Erf, 0.2)]
    [InlineData(Activation.Erf, 1.5)]
    public void ImaginaryPartOnTheSupportIsMinusPiTimesTheDensity(Activation a, double q)
    {
        var s = For(a, q);
        foreach (double f in new[] { 1e-6, 0.01, 0.3, 0.7, 0.999999 })
        {
            double x = f * s.MaxValue;
            var (g, _) = s.Evaluate(new Complex(x, 0.0));
            Close(-Math.PI * s.Density(x), g.Imaginary, 1e-10, what: $"Im G({x} + i0)");
            // The boundary value is the limit from above.
            var (near, _) = s.Evaluate(new Complex(x, 1e-12 * x));
            CloseComplex(g, near, 1e-5, $"G({x} + i eps)");
        }
    }

    [Fact]
    public void LargeZetaFollowsTheMomentSeries()
    {
        double q = 0.6;
        var s = For(Activation.Erf, q);
        foreach (var zeta in new[] { new Complex(40.0, 0.0), new Complex(0.0, 60.0), new Complex(-30.0, 25.0) })
        {
            // G = sum mu_k / zeta^(k+1), mu_k = (4/pi)^k / sqrt(1 + 4kq).
            Complex series = 0;
            for (int k = 0; k < 30; k++) series += Math.Pow(4.0 / Math.PI, k) / Math.Sqrt(1.0 + 4.0 * k * q) / Complex.Pow(zeta, k + 1);
            CloseComplex(series, s.Evaluate(zeta).Value, 1e-13, $"G({zeta})");
        }
    }

    /// <summary>
    /// On the support (zeta = x + i0) and off it, G' against a four-point central difference of G along the real
    /// direction, which is exact to (h/distance)^4.
    /// </summary>
    [Theory]
    [InlineData(Activation.Tanh, 0.7, 0.999, 0.0)]
    [InlineData(Activation.Tanh, 0.7, 0.4, 0.0)]
    [InlineData(Activation.Tanh, 0.7, 1e-4, 0.0)]
    [InlineData(Activation.Tanh, 2.5, 0.2, 0.0)]
    [InlineData(Activation.Erf, 1.1, 1.27, 0.0)]
    [InlineData(Activation.Erf, 1.1, 0.05, 0.0)]
    [InlineData(Activation.Erf, 1.1, 0.05, 1e-3)]
    [InlineData(Activation.Erf, 0.15, 1e-5, 0.0)]
    public void DerivativeMatchesFiniteDifferences(Activation a, double q, double re, double im)
    {
        var s = For(a, q);
        var zeta = new Complex(re, im);
        var (_, dg) = s.Evaluate(zeta);
        double distance = Math.Min(Math.Min(re, s.MaxValue - re), im > 0 ? Math.Max(im, 1e-300) : double.MaxValue);
        if (im > 0) distance = Math.Max(distance, im);
        double h = 1e-3 * distance;
        Complex G(double dx) => s.Evaluate(zeta + dx).Value;
        var fd = (8.0 * (G(h) - G(-h)) - (G(2 * h) - G(-2 * h))) / (12.0 * h);
        CloseComplex(fd, dg, 1e-8, "G'");
    }
}
