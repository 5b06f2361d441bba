using System.Linq;
using Isometry.FreeProbability;
using Isometry.MeanField;
using Xunit;

namespace Isometry.Tests;

/// <summary>The rows that carry the mass below the grid, decade by decade.</summary>
public sealed class TailDecadeTests
{
    [Fact]
    public void Far_below_the_grid_each_decade_gets_its_own_mass_not_whole_panels()
    {
        // Deep Gaussian tanh: half the mass lies below the grid, over hundreds of decades where one panel of the tail's
        // integration spans more than a decade. The density there is a slowly varying power law, so neighbouring
        // decades' masses differ by a few percent; assigning whole panels to one decade made them alternate by 1.5x.
        double sw = CriticalLineSolver.Solve(Activation.Tanh, 0.05).WeightStd;
        var s = JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.Tanh, sw, 0.05, 32);
        var decades = s.Density.Where(p => p.Region == DensitySample.BelowGridRegion && p.Lambda > 1e-60 && p.Lambda < 1e-12)
            .Select(p => p.Value * p.Weight).ToList();
        Assert.True(decades.Count > 40, $"{decades.Count} decades");
        for (int i = 1; i < decades.Count; i++)
            Assert.InRange(decades[i] / decades[i - 1], 0.85, 1.0);
        Assertions.Close(s.MassBelowGrid!.Value, s.Density.Where(p => p.Region == DensitySample.BelowGridRegion).Sum(p => p.Value * p.Weight), 1e-12);
    }
}
