using System;
using System.Collections.Generic;
using System.Linq;
using Isometry.FreeProbability;
using Isometry.MeanField;
using Isometry.Output.Plotting;
using Isometry.Plotting;
using SkiaSharp;
using Xunit;

namespace Isometry.Tests;

/// <summary>Plots: what each picture shows (its series and their data), and the pixels it renders to.</summary>
public sealed class PlotTests
{
    private static readonly double TanhCritical = CriticalLineSolver.Solve(Activation.Tanh, 0.05).WeightStd;

    private static JacobianSpectrum Theory(WeightInit init, int depth, Activation activation = Activation.Tanh, double? weightStd = null, double biasStd = 0.05) =>
        JacobianSpectrumSolver.Solve(init, activation, weightStd ?? TanhCritical, biasStd, depth);

    [Fact]
    public void Ensembles_draw_sampled_histograms_over_their_laws_with_the_mass_in_the_bars()
    {
        var law = Isometry.RandomMatrices.EnsembleLaw.For(Isometry.RandomMatrices.Ensemble.MarchenkoPastur, 2.0);
        var pooled = Isometry.RandomMatrices.EnsembleSampler.Eigenvalues(Isometry.RandomMatrices.Ensemble.MarchenkoPastur, 200, 2.0, 1, 0);
        var sampled = Isometry.RandomMatrices.EnsembleSpectrum.Sampled(law, 200, 1, 1, "test", pooled);
        var spec = PlotBuilder.Build(new object[] { sampled }, PlotKind.Auto, new PlotOptions());
        Assert.Equal(PlotKind.Ensemble, spec.Kind);
        Assert.Equal(2, spec.Series.Count);    // the histogram and the law's curve, drawn although its theory row was not given
        var bars = spec.Series[0];
        Assert.Equal(SeriesStyle.Bars, bars.Style);
        // Bars are a density over all eigenvalues: their area is the nonzero fraction, 1 - the atom (1/2 at c = 2).
        double area = Enumerable.Range(0, bars.Y.Count).Sum(i => bars.Y[i] * (bars.X[i + 1] - bars.X[i]));
        Assert.Equal(0.5, area, 12);
        Assert.Contains(spec.Notes, n => n.Contains("atom of mass 0.5"));
        var curve = spec.Series[1];
        Assert.Equal(law.Density(curve.X[100]), curve.Y[100], 15);
    }

    [Fact]
    public void Spacings_draw_the_surmise_at_the_samples_own_scale()
    {
        var two = new Isometry.RandomMatrices.LevelSpacingSample(2, 5000, 1, Isometry.RandomMatrices.LevelSpacing.TwoByTwo(5000, 1));
        var spec = PlotBuilder.Build(new object[] { two }, PlotKind.Auto, new PlotOptions());
        Assert.Equal(PlotKind.Spacing, spec.Kind);
        var surmise = spec.Series[1];
        // (s/2) exp(-s^2/4) at the 2 x 2 scale.
        int k = surmise.X.Count / 3;
        double s = surmise.X[k];
        Assert.Equal(0.5 * s * Math.Exp(-0.25 * s * s), surmise.Y[k], 14);
        double area = Enumerable.Range(0, spec.Series[0].Y.Count).Sum(i => spec.Series[0].Y[i] * (spec.Series[0].X[i + 1] - spec.Series[0].X[i]));
        Assert.Equal(1.0, area, 12);
    }

    [Fact]
    public void A_few_depths_draw_densities_whose_points_are_the_grid()
    {
        var spectra = new object[] { Theory(WeightInit.Orthogonal, 2), Theory(WeightInit.Orthogonal, 50) };
        Assert.Equal(PlotKind.Density, PlotBuilder.Choose(spectra));
        var spec = PlotBuilder.Build(spectra, PlotKind.Auto, new PlotOptions(LambdaAxis.Linear));
        Assert.False(spec.LogX);
        Assert.Equal(2, spec.Series.Count);
        var grid = ((JacobianSpectrum)spectra[1]).Density.Where(p => p.Region == DensitySample.GridRegion && p.Lambda > 0).OrderBy(p => p.Lambda).ToList();
        Assert.Equal(grid.Select(p => p.Lambda), spec.Series[1].X);
        Assert.Equal(grid.Select(p => p.Value), spec.Series[1].Y);
        Assert.StartsWith("L=50 Orthogonal Tanh", spec.Series[1].Label);
    }

    [Fact]
    public void The_log_lambda_density_keeps_mass_as_area()
    {
        var s = Theory(WeightInit.Gaussian, 20);
        var spec = PlotBuilder.Build(new object[] { s }, PlotKind.Density, new PlotOptions(LambdaAxis.Log));
        Assert.True(spec.LogX);
        var x = spec.Series[0].X.Select(Math.Log10).ToArray();
        var y = spec.Series[0].Y;
        double area = 0;
        for (int i = 1; i < x.Length; i++) area += 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]);
        // The grid's mass: the continuous part less what lies below the grid (the trapezoid rule's error is far smaller).
        Assert.InRange(area, s.ContinuousMass!.Value - s.MassBelowGrid!.Value - 2e-3, s.ContinuousMass.Value - s.MassBelowGrid.Value + 2e-3);
    }

    [Fact]
    public void The_theory_in_log10_lambda_carries_all_the_nonzero_mass_with_the_decades_below_the_grid()
    {
        // Deep Gaussian tanh puts visible mass below the grid.
        var s = Theory(WeightInit.Gaussian, 32);
        Assert.True(s.MassBelowGrid > 1e-3, $"mass below the grid {s.MassBelowGrid}");
        var (x, y) = PlotBuilder.LogDensity(s);
        double area = 0;
        for (int i = 1; i < x.Count; i++) area += 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]);
        Assertions.Close(1.0 - s.ZeroAtomMass, area, 0, 3e-3, "area of the log10 density");
    }

    [Fact]
    public void ReLU_atoms_are_spikes_labelled_with_their_mass_and_the_axis_stops_below_the_divergence()
    {
        var s = Theory(WeightInit.Orthogonal, 10, Activation.ReLU, Math.Sqrt(2), 0.0);
        var spec = PlotBuilder.Build(new object[] { s }, PlotKind.Density, new PlotOptions(LambdaAxis.Linear));
        var atoms = spec.Series.Single(x => x.Style == SeriesStyle.Spikes);
        Assert.Equal(new[] { 0.0 }, atoms.X);
        Assert.Contains("mass 0.5", atoms.PointLabels![0]);
        Assert.NotNull(spec.YMax);
        Assert.True(spec.Series[0].Y.Max() > spec.YMax);
    }

    [Fact]
    public void Many_depths_draw_growth_with_depth_one_pair_of_series_per_initialization()
    {
        var spectra = new[] { WeightInit.Gaussian, WeightInit.Orthogonal }
            .SelectMany(i => Enumerable.Range(1, 6).Select(d => (object)Theory(i, 10 * d))).ToList();
        Assert.Equal(PlotKind.Depth, PlotBuilder.Choose(spectra));
        var spec = PlotBuilder.Build(spectra, PlotKind.Auto, new PlotOptions());
        Assert.Equal(4, spec.Series.Count);
        var gaussian = spec.Series.Single(x => x.Label.StartsWith("λmax Gaussian"));
        Assert.Equal(new double[] { 10, 20, 30, 40, 50, 60 }, gaussian.X);
        Assert.Equal(spectra.Take(6).Select(x => ((JacobianSpectrum)x).LambdaMax!.Value), gaussian.Y);
    }

    [Fact]
    public void The_heatmap_holds_the_grid_and_its_critical_line_has_chi_one()
    {
        var grid = new List<object>();
        double[] weights = Enumerable.Range(1, 12).Select(i => 0.25 * i).ToArray(), biases = Enumerable.Range(0, 6).Select(i => 0.05 * i).ToArray();
        foreach (double b in biases) foreach (double w in weights) grid.Add(FixedPointSolver.Solve(Activation.Tanh, w, b));
        var spec = PlotBuilder.Build(grid, PlotKind.Auto, new PlotOptions());
        Assert.Equal(PlotKind.Heatmap, spec.Kind);
        Assert.Equal(weights, spec.Heatmap!.X);
        Assert.Equal(biases, spec.Heatmap.Y);
        Assert.Equal(FixedPointSolver.Solve(Activation.Tanh, weights[3], biases[2]).Chi, spec.Heatmap.Values[2, 3]);
        var line = Assert.Single(spec.Series);
        Assert.True(line.X.Count > 10);
        for (int i = 0; i < line.X.Count; i += 7)
            Assertions.Close(1.0, FixedPointSolver.Solve(Activation.Tanh, line.X[i], line.Y[i]).Chi, 1e-8, what: $"chi on the line at {line.X[i]}, {line.Y[i]}");
    }

    [Fact]
    public void The_cobweb_walks_between_the_map_and_the_diagonal()
    {
        var map = new LengthMap(Activation.Tanh, 1.5, 0.3);
        var layers = map.Iterate(2.8, 6).ToList();
        var spec = PlotBuilder.Build(layers.Cast<object>().ToList(), PlotKind.Auto, new PlotOptions());
        Assert.Equal(PlotKind.Cobweb, spec.Kind);
        var curve = spec.Series.Single(s => s.Label.StartsWith("f(q)"));
        for (int i = 0; i < curve.X.Count; i += 20) Assert.Equal(map.Value(curve.X[i]), curve.Y[i]);
        var walk = spec.Series.Single(s => s.Label.StartsWith("iteration"));
        // (q0, q0), (q0, q1), (q1, q1), (q1, q2), ...: vertical to the map, horizontal to the diagonal.
        Assert.Equal(layers[0].Q, walk.X[0]);
        for (int l = 1; l < layers.Count; l++)
        {
            Assert.Equal((layers[l - 1].Q, layers[l].Q), (walk.X[2 * l - 1], walk.Y[2 * l - 1]));
            Assert.Equal((layers[l].Q, layers[l].Q), (walk.X[2 * l], walk.Y[2 * l]));
        }
        var fixedPoint = spec.Series.Single(s => s.Label.StartsWith("q* ="));
        Assertions.Close(fixedPoint.X[0], map.Value(fixedPoint.X[0]), 1e-10, what: "q* = f(q*)");
    }

    [Fact]
    public void A_sampled_histogram_has_the_nonzero_fraction_as_its_area_and_a_theory_curve()
    {
        var state = FixedPointSolver.Solve(Activation.ReLU, Math.Sqrt(2), 0.0);
        var random = new Random(3);
        // Two networks' log eigenvalues, a quarter of them exact zeros.
        var logs = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 200).Select(i => i % 4 == 0 ? double.NegativeInfinity : random.NextDouble() * 6 - 4).ToArray()).ToList();
        var sample = JacobianSpectrum.FromSample(3, WeightInit.Orthogonal, state, logs, 200, 1, "test");
        var spec = PlotBuilder.Build(new object[] { sample }, PlotKind.Auto, new PlotOptions());
        Assert.Equal(PlotKind.Histogram, spec.Kind);
        var bars = spec.Series.Single(s => s.Style == SeriesStyle.Bars);
        double area = bars.Y.Select((h, i) => h * (bars.X[i + 1] - bars.X[i])).Sum();
        Assertions.Close(0.75, area, 1e-12, what: "histogram area");
        Assert.Contains(spec.Series, s => s.Label.StartsWith("theory L=3 Orthogonal ReLU"));
    }

    [Fact]
    public void Results_that_cannot_be_drawn_say_what_to_pipe_in()
    {
        var none = Assert.Throws<PlotException>(() => PlotBuilder.Build(Array.Empty<object>(), PlotKind.Auto, new PlotOptions()));
        Assert.Equal("NothingToPlot", none.ErrorId);
        var foreign = Assert.Throws<PlotException>(() => PlotBuilder.Build(new object[] { "text" }, PlotKind.Auto, new PlotOptions()));
        Assert.Equal("UnsupportedResult", foreign.ErrorId);
        var wrong = Assert.Throws<PlotException>(() => PlotBuilder.Build(new object[] { CriticalLineSolver.Solve(Activation.Tanh, 0.1) }, PlotKind.Heatmap, new PlotOptions()));
        Assert.Equal("WrongResultsForKind", wrong.ErrorId);
        Assert.Contains("Get-FixedPoint", wrong.Message);
    }

    [Theory]
    [InlineData(640, 480)]
    [InlineData(1000, 700)]
    public void Rendering_gives_a_picture_of_the_asked_size_with_the_specs_labels_and_data(int width, int height)
    {
        var spectra = new object[] { Theory(WeightInit.Orthogonal, 2), Theory(WeightInit.Orthogonal, 10) };
        var spec = PlotBuilder.Build(spectra, PlotKind.Density, new PlotOptions(LambdaAxis.Linear));
        byte[] png = PlotRenderer.Render(spec, width, height, PlotFormat.Png, out var rendered);
        Assert.Equal(spec.Title, rendered.Title);
        Assert.Equal(spec.XLabel, rendered.XLabel);
        Assert.Equal(spec.YLabel, rendered.YLabel);
        Assert.Equal(2, rendered.Plottables);
        Assert.Equal(2, rendered.LegendEntries);
        double xMax = spec.Series.SelectMany(s => s.X).Max(), yMax = spec.Series.SelectMany(s => s.Y).Max();
        Assert.InRange(rendered.Right, xMax, 1.2 * xMax);
        Assert.InRange(rendered.Top, yMax, 1.2 * yMax);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        // Not blank: the pixels' brightness varies, and several colours (the curves, text, grid) are present.
        var brightness = new List<double>();
        var colours = new HashSet<uint>();
        for (int y = 0; y < height; y += 3)
        for (int x = 0; x < width; x += 3)
        {
            var c = bitmap.GetPixel(x, y);
            brightness.Add((c.Red + c.Green + c.Blue) / 3.0);
            colours.Add((uint)c);
        }
        double mean = brightness.Average();
        Assert.True(brightness.Select(b => (b - mean) * (b - mean)).Average() > 100, "pixel variance");
        Assert.True(colours.Count > 20, $"{colours.Count} colours");
        string svg = System.Text.Encoding.UTF8.GetString(PlotRenderer.Render(spec, width, height, PlotFormat.Svg, out _));
        Assert.Contains("<svg", svg);
        Assert.Contains($"width=\"{width}\"", svg);
        Assert.Contains("<path", svg);
    }

    [Fact]
    public void Training_rows_draw_the_mean_accuracy_per_configuration_and_the_steps_to_a_threshold_against_the_variance()
    {
        var data = Isometry.Training.TeacherTask.Generate(5, train: 4000, test: 500);
        var rows = new List<Isometry.Training.TrainingEvaluation>();
        foreach (var init in new[] { WeightInit.Gaussian, WeightInit.Orthogonal })
        foreach (long seed in new long[] { 1, 2 })
        {
            var s = new Isometry.Training.TrainingSettings(Activation.Tanh, init, 1.2, 0.1, 1.0, 3, 16, 60, 32, 0.01,
                Isometry.Training.Optimizer.Adam, seed, 20, 500);
            rows.AddRange(Isometry.Training.Trainer.Run(s, data, Isometry.LinearAlgebra.DenseBackend.Default, null, init == WeightInit.Gaussian ? 4.0 : 1.0, null, () => false));
        }
        Assert.Equal(PlotKind.Training, PlotBuilder.Choose(rows.Cast<object>().ToList()));
        var curves = PlotBuilder.Build(rows.Cast<object>().ToList(), PlotKind.Auto, new PlotOptions());
        Assert.Equal(2, curves.Series.Count);
        var gaussian = curves.Series[0];
        Assert.Contains("(2 seeds)", gaussian.Label);
        Assert.Equal(new double[] { 0, 20, 40, 60 }, gaussian.X);
        Assertions.Close(rows.Where(r => r.Init == WeightInit.Gaussian && r.Step == 40).Average(r => r.TestAccuracy), gaussian.Y[2], 1e-15);
        double threshold = rows.Max(r => r.TestAccuracy) - 0.05;
        var speed = PlotBuilder.Build(rows.Cast<object>().ToList(), PlotKind.LearningSpeed, new PlotOptions(Threshold: threshold));
        foreach (var series in speed.Series)
        {
            var init = series.Label.StartsWith("Gaussian") ? WeightInit.Gaussian : WeightInit.Orthogonal;
            Assert.Equal(init == WeightInit.Gaussian ? 4.0 : 1.0, series.X.Single());
            var reached = rows.Where(r => r.Init == init).GroupBy(r => r.Seed).Select(run => PlotBuilder.StepsToReach(run, threshold)).Where(x => x.HasValue).Select(x => (double)x!.Value).ToList();
            Assert.Equal(reached.Average(), series.Y.Single());
        }
    }
}
