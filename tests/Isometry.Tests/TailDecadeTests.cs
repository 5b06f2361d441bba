using System;
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

    /// <summary>An independent integral: composite Simpson on 200,000 panels.</summary>
    private static double Simpson(Func<double, double> f, double a, double b)
    {
        const int n = 200_000;
        double h = (b - a) / n, sum = f(a) + f(b);
        for (int i = 1; i < n; i++) sum += (i % 2 == 1 ? 4.0 : 2.0) * f(a + i * h);
        return sum * h / 3.0;
    }

    [Fact]
    public void An_exponential_panel_integrates_exp_of_a_parabola_and_its_parts_to_rounding()
    {
        // log g = ln 0.3 - 40 x + 25 x^2 on [2, 2.1] (x = v - 2): g falls by e^-3.75 over the panel.
        double G(double v) { double x = v - 2.0; return 0.3 * Math.Exp(-40.0 * x + 25.0 * x * x); }
        var panel = new DensitySolver.ExponentialPanel(2.0, 0.1, G(2.0), G(2.05), G(2.1), 1.97, G(1.97));
        Assertions.Close(Simpson(G, 2.0, 2.1), panel.Integral(2.0, 2.1), 1e-13);
        Assertions.Close(Simpson(G, 2.013, 2.071), panel.Integral(2.013, 2.071), 1e-13);
        // The point before lies on the same parabola: the cubic is the parabola, and nothing is missed.
        Assert.True(panel.Misses(panel.Integral(2.0, 2.1)) <= 1e-15 * panel.Integral(2.0, 2.1));
    }

    [Fact]
    public void An_exponential_panel_measures_what_the_parabola_misses_from_the_cubic_through_the_point_before()
    {
        // log g with a cubic term: exp(parabola) misses the integral by about what the cubic through the point before
        // changes (here exactly, the point before lying on the same cubic).
        double G(double v) { double x = v - 2.0; return 0.3 * Math.Exp(-40.0 * x + 25.0 * x * x - 300.0 * x * x * x); }
        var panel = new DensitySolver.ExponentialPanel(2.0, 0.1, G(2.0), G(2.05), G(2.1), 1.97, G(1.97));
        double parabola = panel.Integral(2.0, 2.1), exact = Simpson(G, 2.0, 2.1);
        double missed = Math.Abs(exact - parabola);
        Assert.True(missed > 1e-6 * exact, $"the test's cubic term should matter: missed {missed}");
        Assertions.Close(missed, panel.Misses(parabola), 1e-6);
        Assert.True(panel.Misses(parabola) > DensitySolver.ExponentialPanel.Tolerance(parabola));
    }
}
