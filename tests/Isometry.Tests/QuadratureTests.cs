using System;
using Isometry.Numerics;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

public class QuadratureTests
{
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 3.0)]
    [InlineData(3, 15.0)]
    [InlineData(5, 945.0)]
    public void GaussianEvenMomentsAreDoubleFactorials(int k, double expected) =>
        Close(expected, GaussianExpectation.Of(z => Math.Pow(z, 2 * k)), 1e-13);

    [Theory]
    [InlineData(1e-2)]
    [InlineData(1e-4)]
    [InlineData(1e-6)]
    public void ResolvesAFeatureFarNarrowerThanTheGaussian(double width)
    {
        // E[exp(-z^2 / (2 w^2))] = w / sqrt(1 + w^2): a fixed rule would miss the spike entirely.
        double expected = width / Math.Sqrt(1.0 + width * width);
        Close(expected, GaussianExpectation.Of(z => Math.Exp(-0.5 * z * z / (width * width)), 0.0, width), 1e-12);
    }

    [Fact]
    public void HandlesAStepAtAKink()
    {
        // P(z > 0.7) with the kink declared.
        double expected = 1.0 - GaussianExpectation.Cdf(0.7);
        Close(expected, GaussianExpectation.Of(z => z > 0.7 ? 1.0 : 0.0, 0.0, 1.0, new[] { 0.7 }), 1e-13);
    }

    [Fact]
    public void CdfMatchesKnownValues()
    {
        Close(0.841344746068542948585232545632, GaussianExpectation.Cdf(1.0), 1e-15);
        Close(2.86651571879193911673752333e-7, GaussianExpectation.Cdf(-5.0), 1e-13);
    }

    [Fact]
    public void BrentFindsCubeRootOfTwo()
    {
        Assert.True(RootFinder.TryBrent(x => x * x * x - 2.0, 0.0, 2.0, out double r));
        Close(Math.Cbrt(2.0), r, 4e-16);
    }

    [Fact]
    public void BrentRefusesABracketWithoutASignChange() =>
        Assert.False(RootFinder.TryBrent(x => x * x + 1.0, -1.0, 1.0, out _));

    [Fact]
    public void NewtonBisectionFindsSqrtTwo()
    {
        Assert.True(RootFinder.TryNewtonBisection(x => (x * x - 2.0, 2.0 * x), 0.0, 2.0, 1.9, out double r));
        Close(Math.Sqrt(2.0), r, 4e-16);
    }
}
