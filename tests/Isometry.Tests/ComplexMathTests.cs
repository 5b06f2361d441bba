using System;
using System.Numerics;
using Isometry.Numerics;
using Xunit;

namespace Isometry.Tests;

/// <summary>The continuation's |z| and log z against System.Numerics.Complex's, across the whole double range.</summary>
public class ComplexMathTests
{
    [Fact]
    public void AbsAndLogAgreeWithComplexToAnUlpOrTwoFromTheBottomToTheTopOfTheDoubleRange()
    {
        var rng = new Random(3);
        for (int k = 0; k < 20_000; k++)
        {
            // Parts from 1e-310 (subnormal) to 1e305, of either sign, often of very different sizes.
            double x = Math.Pow(10.0, -310.0 + 615.0 * rng.NextDouble()) * (rng.Next(2) == 0 ? -1 : 1);
            double y = Math.Pow(10.0, -310.0 + 615.0 * rng.NextDouble()) * (rng.Next(2) == 0 ? -1 : 1);
            var z = new Complex(x, k % 7 == 0 ? 0.0 : y);
            double abs = Complex.Abs(z);
            Assert.True(Math.Abs(ComplexMath.Abs(z) - abs) <= 4.5e-16 * abs, $"|{z}|: {ComplexMath.Abs(z)} vs {abs}");
            var log = ComplexMath.Log(z);
            var expected = Complex.Log(z);
            // log |z| to an ulp or two of |z| (absolute 2.3e-16 at most, plus the logarithm's own rounding).
            Assert.True(Math.Abs(log.Real - expected.Real) <= 4.5e-16 * Math.Max(1.0, Math.Abs(expected.Real)), $"log|{z}|: {log.Real} vs {expected.Real}");
            Assert.Equal(expected.Imaginary, log.Imaginary);
        }
    }

    [Fact]
    public void TheEdgesOfTheDomainAreThoseOfComplex()
    {
        foreach (var z in new[] { Complex.Zero, new Complex(-0.0, 0.0), new Complex(-2.0, -0.0), new Complex(double.PositiveInfinity, 1.0),
                     new Complex(double.NaN, 1.0), new Complex(1e-320, 0.0), new Complex(double.MaxValue, double.MaxValue) })
        {
            Assert.Equal(Complex.Abs(z), ComplexMath.Abs(z));
            Assert.Equal(Complex.Log(z), ComplexMath.Log(z));
        }
    }
}
