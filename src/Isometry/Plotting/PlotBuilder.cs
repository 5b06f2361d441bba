using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Isometry.FreeProbability;
using Isometry.MeanField;
using Isometry.RandomMatrices;

namespace Isometry.Plotting;

/// <summary>What a plot of the mean-field grid colours.</summary>
public enum HeatmapValue
{
    Chi,
    QStar,
}

/// <summary>The lambda axis of a density plot: Auto is logarithmic when the spectra span more than three decades.</summary>
public enum LambdaAxis
{
    Auto,
    Linear,
    Log,
}

/// <summary>Choices that change what a plot shows.</summary>
public sealed record PlotOptions(LambdaAxis LambdaAxis = LambdaAxis.Auto, HeatmapValue Value = HeatmapValue.Chi, string? Title = null, double Threshold = 0.75);

/// <summary>
/// Turns the module's results into a <see cref="PlotSpec"/>: it picks the picture from the results' types (or takes
/// the kind asked for), groups results into series by their configuration, and states what it left out.
/// </summary>
public static class PlotBuilder
{
    /// <summary>More curves than this make a legend nobody can read; the rest are named in the notes.</summary>
    public const int MaxCurves = 12;

    private static readonly double Ln10 = Math.Log(10.0);

    public static PlotSpec Build(IReadOnlyList<object> results, PlotKind kind, PlotOptions options)
    {
        if (results.Count == 0) throw new PlotException("NothingToPlot", "There is nothing to plot: pipe in results of Get-JacobianSpectrum, Get-FixedPoint, Find-CriticalLine or Get-LengthMap.");
        if (kind == PlotKind.Auto) kind = Choose(results);
        var spec = kind switch
        {
            PlotKind.Density => Density(Of<JacobianSpectrum>(results, kind).Where(s => s.Method != "Sampled").ToList(), options),
            PlotKind.Depth => Depth(Of<JacobianSpectrum>(results, kind), options),
            PlotKind.CriticalLine => CriticalLine(Of<CriticalLineSample>(results, kind), options),
            PlotKind.Heatmap => HeatmapOf(Of<MeanFieldState>(results, kind), options),
            PlotKind.Cobweb => Cobweb(results, options),
            PlotKind.Histogram => Histogram(Of<JacobianSpectrum>(results, kind), options),
            PlotKind.Training => TrainingCurves(Of<Training.TrainingEvaluation>(results, kind), options),
            PlotKind.LearningSpeed => LearningSpeed(Of<Training.TrainingEvaluation>(results, kind), options),
            PlotKind.Ensemble => EnsembleDensities(results, options),
            PlotKind.Spacing => Spacings(Of<LevelSpacingSample>(results, kind), options),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return spec;
    }

    /// <summary>The picture that fits the results: spectra over many depths grow, a few depths show densities, and so on.</summary>
    public static PlotKind Choose(IReadOnlyList<object> results)
    {
        var spectra = results.OfType<JacobianSpectrum>().ToList();
        if (spectra.Count > 0)
        {
            if (spectra.Any(s => s.Method == "Sampled")) return PlotKind.Histogram;
            int depths = spectra.Select(s => s.Depth).Distinct().Count();
            return depths > 4 || !spectra.Any(s => s.HasDensity) ? PlotKind.Depth : PlotKind.Density;
        }
        if (results.OfType<Training.TrainingEvaluation>().Any()) return PlotKind.Training;
        if (results.OfType<EnsembleSpectrum>().Any() || results.OfType<FreeConvolutionSpectrum>().Any()) return PlotKind.Ensemble;
        if (results.OfType<LevelSpacingSample>().Any()) return PlotKind.Spacing;
        if (results.OfType<CriticalLineSample>().Any()) return PlotKind.CriticalLine;
        if (results.OfType<MeanFieldState>().Any()) return PlotKind.Heatmap;
        if (results.OfType<LengthMapValue>().Any() || results.OfType<LayerVariance>().Any()) return PlotKind.Cobweb;
        throw new PlotException("UnsupportedResult",
            $"Isometry cannot plot {results[0].GetType().Name} objects: pipe in results of Get-JacobianSpectrum, Get-FixedPoint, Find-CriticalLine, Get-LengthMap, " +
            "Invoke-TrainingRun, Get-EnsembleSpectrum, Get-FreeConvolution or Get-LevelSpacing.");
    }

    private static List<T> Of<T>(IReadOnlyList<object> results, PlotKind kind)
    {
        var list = results.OfType<T>().ToList();
        if (list.Count == 0)
            throw new PlotException("WrongResultsForKind",
                $"A {kind} plot draws {typeof(T).Name} results ({Source(typeof(T))}); none were given.");
        return list;
    }

    private static string Source(Type type) =>
        type == typeof(JacobianSpectrum) ? "from Get-JacobianSpectrum"
        : type == typeof(CriticalLineSample) ? "from Find-CriticalLine"
        : type == typeof(MeanFieldState) ? "from Get-FixedPoint over a grid of WeightStd and BiasStd"
        : type == typeof(Training.TrainingEvaluation) ? "from Invoke-TrainingRun"
        : type == typeof(LevelSpacingSample) ? "from Get-LevelSpacing"
        : "from Get-LengthMap";

    private static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    private static string Configuration(Activation activation, double weightStd, double biasStd) =>
        $"{activation} σw={F(weightStd)} σb={F(biasStd)}";

    private static string Label(JacobianSpectrum s) =>
        $"{s.Init} {Configuration(s.Activation, s.WeightStd, s.BiasStd)}" + (s.QStar is double q ? $" q*={F(q)}" : "");

    /// <summary>What tells a spectrum from the others in a note: its depth, weights and q* (or activation).</summary>
    private static string ShortLabel(JacobianSpectrum s) =>
        $"L={s.Depth} {s.Init}" + (s.QStar is double q ? $" q*={F(q)}" : $" {s.Activation}");

    private static List<T> Capped<T>(PlotSpec spec, List<T> items, string what)
    {
        if (items.Count <= MaxCurves) return items;
        spec.Notes.Add($"{items.Count} {what} given; the first {MaxCurves} are drawn.");
        return items.Take(MaxCurves).ToList();
    }

    private static PlotSpec Density(List<JacobianSpectrum> spectra, PlotOptions options)
    {
        spectra = spectra.Where(s => s.HasDensity && s.Density.Count > 0).ToList();
        if (spectra.Count == 0)
            throw new PlotException("NoDensity", "None of the spectra has a density to draw (a sampled spectrum is drawn with -Kind Histogram; a theory spectrum whose density did not converge has none).");
        var grids = spectra.Select(s => s.Density.Where(p => p.Region == DensitySample.GridRegion && p.Lambda > 0).OrderBy(p => p.Lambda).ToList()).ToList();
        double lowest = grids.SelectMany(g => g).Select(p => p.Lambda).DefaultIfEmpty(1.0).Min();
        double highest = grids.SelectMany(g => g).Select(p => p.Lambda).DefaultIfEmpty(1.0).Max();
        bool log = options.LambdaAxis == LambdaAxis.Log || options.LambdaAxis == LambdaAxis.Auto && highest / lowest > 1e3;
        var spec = new PlotSpec(PlotKind.Density, options.Title ?? "Spectral density of J J^T",
            log ? "λ (eigenvalue of J J^T, log scale)" : "λ (eigenvalue of J J^T)",
            log ? "density of log10 λ (area = mass)" : "density ρ(λ)") { LogX = log, NotesCorner = LegendCorner.UpperLeft };
        spectra = Capped(spec, spectra, "spectra");
        var atoms = new List<(string Label, double Lambda, double Mass)>();
        double top = 0;
        for (int k = 0; k < spectra.Count; k++)
        {
            var s = spectra[k];
            var grid = grids[k];
            var y = grid.Select(p => log ? p.Lambda * p.Value * Ln10 : p.Value).ToList();
            spec.Series.Add(new PlotSeries($"L={s.Depth} {Label(s)}", grid.Select(p => p.Lambda).ToList(), y, SeriesStyle.Line));
            // On a linear axis a density may diverge (integrably) at 0: the axis stops at the highest value right of
            // the first 1% of the axis, a few pixels wide, so the body of every curve stays visible.
            double resolved = 0.01 * highest;
            top = Math.Max(top, grid.Zip(y, (p, v) => (p, v)).Where(t => log || t.p.Lambda >= resolved).Select(t => t.v).DefaultIfEmpty(0).Max());
            if (s.MassBelowGrid is double below && below > 1e-3 && grid.Count > 0)
                spec.Notes.Add($"{ShortLabel(s)}: mass {F(below)} below λ = {F(grid[0].Lambda)}, off the curve");
            if (s.AtomLambda is double a && s.AtomMass is double m && m > 0) atoms.Add(($"L={s.Depth}", a, m));
            if (s.ZeroAtomMass > 0)
            {
                if (log) spec.Notes.Add($"{ShortLabel(s)}: an atom of mass {F(s.ZeroAtomMass)} at λ = 0, off the log axis");
                else atoms.Add(($"L={s.Depth}", 0.0, s.ZeroAtomMass));
            }
        }
        if (top > 0 && spec.Series.SelectMany(x => x.Y).Max() > 1.2 * top)
        {
            spec.YMax = 1.2 * top;
            spec.Notes.Add("The density's divergence near λ = 0 runs off the top of the axis.");
        }
        if (atoms.Count > 0)
        {
            // An atom has no height in density units: its spike reaches the top of the curves and its label gives the mass.
            // Stacked heights keep the labels of several atoms apart.
            double height = top > 0 ? top : 1.0;
            spec.Series.Add(new PlotSeries("atoms", atoms.Select(a => a.Lambda).ToList(), atoms.Select((_, i) => height * (1.0 - 0.08 * (i % 10))).ToList(), SeriesStyle.Spikes,
                atoms.Select(a => $"{a.Label}: mass {F(a.Mass)} at λ={F(a.Lambda)}").ToList()));
        }
        return spec;
    }

    private static PlotSpec Depth(List<JacobianSpectrum> spectra, PlotOptions options)
    {
        var groups = spectra.GroupBy(s => (s.Method, s.Init, s.Activation, s.WeightStd, s.BiasStd)).ToList();
        var spec = new PlotSpec(PlotKind.Depth, options.Title ?? "Growth of the Jacobian spectrum with depth", "depth L",
            "λmax and variance of J J^T's spectrum") { Legend = LegendCorner.UpperLeft };
        foreach (var g in Capped(spec, groups, "configurations"))
        {
            var rows = g.OrderBy(s => s.Depth).ToList();
            string label = (g.Key.Method == "Sampled" ? "sampled " : "") + Label(rows[0]);
            var lambda = rows.Where(s => s.LambdaMax.HasValue).ToList();
            if (lambda.Count > 0)
                spec.Series.Add(new PlotSeries($"λmax {label}", lambda.Select(s => (double)s.Depth).ToList(), lambda.Select(s => s.LambdaMax!.Value).ToList(), SeriesStyle.LineMarkers));
            spec.Series.Add(new PlotSeries($"variance {label}", rows.Select(s => (double)s.Depth).ToList(), rows.Select(s => s.Variance).ToList(), SeriesStyle.DashedLine));
        }
        var ys = spec.Series.SelectMany(s => s.Y).ToList();
        bool logY = ys.Count > 0 && ys.All(y => y > 0) && ys.Max() / ys.Min() > 100;
        if (logY)
        {
            // On a log axis the curves rise steeply and flatten: the lower right corner is the empty one.
            spec.LogY = true;
            spec.YLabel += " (log scale)";
            spec.Legend = LegendCorner.LowerRight;
        }
        return spec;
    }

    private static PlotSpec CriticalLine(List<CriticalLineSample> samples, PlotOptions options)
    {
        var spec = new PlotSpec(PlotKind.CriticalLine, options.Title ?? "Critical lines (χ = 1)", "σw (WeightStd)", "σb (BiasStd)");
        foreach (var g in samples.GroupBy(s => s.Activation))
        {
            var rows = g.OrderBy(s => s.BiasStd).ToList();
            spec.Series.Add(new PlotSeries(g.Key.ToString(), rows.Select(s => s.WeightStd).ToList(), rows.Select(s => s.BiasStd).ToList(),
                rows.Count > 1 ? SeriesStyle.LineMarkers : SeriesStyle.Markers));
        }
        return spec;
    }

    private static PlotSpec HeatmapOf(List<MeanFieldState> states, PlotOptions options)
    {
        var activations = states.Select(s => s.Activation).Distinct().ToList();
        if (activations.Count > 1)
            throw new PlotException("SeveralActivations", $"A heatmap shows one activation; got {string.Join(", ", activations)}. Filter with Where-Object Activation -eq ... first.");
        var xs = states.Select(s => s.WeightStd).Distinct().OrderBy(x => x).ToList();
        var ys = states.Select(s => s.BiasStd).Distinct().OrderBy(y => y).ToList();
        if (xs.Count < 2 || ys.Count < 2)
            throw new PlotException("NotAGrid", $"A heatmap needs at least 2 WeightStd and 2 BiasStd values; got {xs.Count} and {ys.Count}. For example: Get-FixedPoint -Activation Tanh -WeightStd (0.5..30 | % {{ $_ / 10 }}) -BiasStd (0..20 | % {{ $_ / 50 }}).");
        string what = options.Value == HeatmapValue.Chi ? "χ" : "q*";
        var spec = new PlotSpec(PlotKind.Heatmap, options.Title ?? $"{what} of {activations[0]} over (σw, σb)", "σw (WeightStd)", "σb (BiasStd)");
        var values = new double?[ys.Count, xs.Count];
        foreach (var s in states)
            values[ys.IndexOf(s.BiasStd), xs.IndexOf(s.WeightStd)] = options.Value == HeatmapValue.Chi ? s.Chi : s.QStar;
        spec.Heatmap = new Heatmap(what, xs, ys, values);
        // The critical line across the grid's BiasStd range, where it lies inside the WeightStd range.
        var line = new List<(double W, double B)>();
        const int points = 60;
        for (int i = 0; i < points; i++)
        {
            double b = ys[0] + (ys[^1] - ys[0]) * i / (points - 1);
            try
            {
                double w = CriticalLineSolver.Solve(activations[0], b).WeightStd;
                if (w >= xs[0] && w <= xs[^1]) line.Add((w, b));
            }
            catch (IsometryException) { }
        }
        if (line.Count > 0)
            spec.Series.Add(new PlotSeries("critical line χ = 1", line.Select(p => p.W).ToList(), line.Select(p => p.B).ToList(), SeriesStyle.Line));
        else
            spec.Notes.Add("The critical line does not cross this grid.");
        return spec;
    }

    private static PlotSpec Cobweb(IReadOnlyList<object> results, PlotOptions options)
    {
        var maps = results.OfType<LengthMapValue>().ToList();
        var layers = results.OfType<LayerVariance>().ToList();
        if (maps.Count == 0 && layers.Count == 0)
            throw new PlotException("WrongResultsForKind", "A Cobweb plot draws Get-LengthMap's results (the map, its iteration, or both); none were given.");
        var configurations = maps.Select(m => (m.Activation, m.WeightStd, m.BiasStd))
            .Concat(layers.Select(l => (l.Activation, l.WeightStd, l.BiasStd))).Distinct().ToList();
        var spec = new PlotSpec(PlotKind.Cobweb, options.Title ?? "Length map and its iteration", "q (pre-activation variance at layer l)", "q at layer l + 1") { Legend = LegendCorner.UpperLeft };
        double top = 0;
        foreach (var c in configurations)
        {
            var iteration = layers.Where(l => (l.Activation, l.WeightStd, l.BiasStd) == c).OrderBy(l => l.Layer).ToList();
            var given = maps.Where(m => (m.Activation, m.WeightStd, m.BiasStd) == c).OrderBy(m => m.Q).ToList();
            string label = Configuration(c.Activation, c.WeightStd, c.BiasStd);
            var map = new LengthMap(c.Activation, c.WeightStd, c.BiasStd);
            List<double> qs;
            if (given.Count > 0) qs = given.Select(m => m.Q).ToList();
            else
            {
                double qMax = 1.2 * iteration.Max(l => l.Q);
                qs = Enumerable.Range(0, 201).Select(i => qMax * i / 200).ToList();
            }
            var fq = given.Count > 0 ? given.Select(m => m.MapValue).ToList() : qs.Select(map.Value).ToList();
            spec.Series.Add(new PlotSeries($"f(q) {label}", qs, fq, SeriesStyle.Line));
            top = Math.Max(top, Math.Max(qs.Max(), fq.Max()));
            if (iteration.Count > 1)
            {
                var x = new List<double>();
                var y = new List<double>();
                x.Add(iteration[0].Q);
                y.Add(iteration[0].Q);
                for (int l = 1; l < iteration.Count; l++)
                {
                    x.Add(iteration[l - 1].Q); y.Add(iteration[l].Q);
                    x.Add(iteration[l].Q); y.Add(iteration[l].Q);
                }
                spec.Series.Add(new PlotSeries($"iteration from q0={F(iteration[0].Q)}", x, y, SeriesStyle.DashedLine));
            }
            try
            {
                if (FixedPointSolver.Solve(c.Activation, c.WeightStd, c.BiasStd).QStar is double qStar && qStar <= qs.Max())
                    spec.Series.Add(new PlotSeries($"q* = {F(qStar)}", new[] { qStar }, new[] { qStar }, SeriesStyle.Markers));
            }
            catch (IsometryException) { }
        }
        spec.Series.Insert(0, new PlotSeries("q(l+1) = q(l)", new[] { 0.0, top }, new[] { 0.0, top }, SeriesStyle.DashedLine));
        return spec;
    }

    /// <summary>One training configuration: everything but the seed.</summary>
    private static object RunKey(Training.TrainingEvaluation r) =>
        (r.Activation, r.Init, r.WeightStd, r.BiasStd, r.InputVariance, r.Depth, r.Width, r.Optimizer, r.LearningRate, r.BatchSize, r.Precision, r.Dataset);

    private static string RunLabel(Training.TrainingEvaluation r) =>
        $"{r.Init} {r.Activation} L={r.Depth}" + (r.QStar is double q ? $" q*={F(q)}" : $" σw={F(r.WeightStd)} σb={F(r.BiasStd)}");

    /// <summary>The first step at which a run's test accuracy reaches <paramref name="threshold"/>, or null.</summary>
    public static int? StepsToReach(IEnumerable<Training.TrainingEvaluation> run, double threshold) =>
        run.OrderBy(r => r.Step).FirstOrDefault(r => r.TestAccuracy >= threshold)?.Step;

    private static PlotSpec TrainingCurves(List<Training.TrainingEvaluation> rows, PlotOptions options)
    {
        var spec = new PlotSpec(PlotKind.Training, options.Title ?? $"Test accuracy during training ({rows[0].Dataset})", "step", "test accuracy")
            { Legend = LegendCorner.LowerRight };
        foreach (var group in Capped(spec, rows.GroupBy(RunKey).ToList(), "configurations"))
        {
            var seeds = group.Select(r => r.Seed).Distinct().Count();
            // The mean over seeds at the steps every seed reached (a run that diverged stops early).
            var steps = group.GroupBy(r => r.Step).Where(g => g.Count() == seeds).OrderBy(g => g.Key).ToList();
            spec.Series.Add(new PlotSeries($"{RunLabel(group.First())} ({seeds} seed{(seeds == 1 ? "" : "s")})",
                steps.Select(g => (double)g.Key).ToList(), steps.Select(g => g.Average(r => r.TestAccuracy)).ToList(), SeriesStyle.LineMarkers));
        }
        return spec;
    }

    private static PlotSpec LearningSpeed(List<Training.TrainingEvaluation> rows, PlotOptions options)
    {
        var spec = new PlotSpec(PlotKind.LearningSpeed, options.Title ?? $"Learning speed against the spread of J J^T at initialization",
            "variance of J J^T's spectrum at initialization (theory)", $"steps to test accuracy {F(options.Threshold)} (mean over seeds)")
        {
            // Few steps at a small variance, many at a large one: the other two corners hold the legend and the notes,
            // and the axes leave room around the points.
            Legend = LegendCorner.LowerRight, NotesCorner = LegendCorner.UpperLeft, YMin = 0,
        };
        var points = new List<(string Label, double Variance, double Steps)>();
        foreach (var group in rows.GroupBy(RunKey))
        {
            var first = group.First();
            var reached = group.GroupBy(r => r.Seed).Select(run => StepsToReach(run, options.Threshold)).ToList();
            string label = RunLabel(first);
            if (first.Variance is not double variance) { spec.Notes.Add($"{label}: no theory variance."); continue; }
            var steps = reached.Where(x => x.HasValue).Select(x => (double)x!.Value).ToList();
            if (steps.Count < reached.Count)
                spec.Notes.Add($"{label}: {reached.Count - steps.Count} of {reached.Count} seeds never reached {F(options.Threshold)}.");
            if (steps.Count > 0) points.Add((label, variance, steps.Average()));
        }
        if (points.Count > 1 && points.All(p => p.Variance > 0) && points.Max(p => p.Variance) / points.Min(p => p.Variance) > 100)
        {
            spec.LogX = true;
            spec.XLabel += " (log scale)";
            spec.XPadding = 0.5;
        }
        if (points.Count > 0) spec.YMax = 1.6 * points.Max(p => p.Steps);
        foreach (var p in points) spec.Series.Add(new PlotSeries(p.Label, new[] { p.Variance }, new[] { p.Steps }, SeriesStyle.Markers));
        return spec;
    }

    /// <summary>
    /// A theory spectrum as a density of log10 lambda, in log10 lambda: the grid, and below it a step per decade that
    /// carries that decade's mass (the rows of Region BelowGrid), so the curve's area is the whole nonzero mass.
    /// </summary>
    public static (List<double> Log10Lambda, List<double> Density) LogDensity(JacobianSpectrum theory)
    {
        var grid = new List<(double X, double Y)>();
        var steps = new List<(double Low, double High, double Y)>();
        foreach (var p in theory.Density)
        {
            if (p.Region == DensitySample.GridRegion)
            {
                if (p.Lambda > 0) grid.Add((Math.Log10(p.Lambda), p.Lambda * p.Value * Ln10));
                continue;
            }
            // A decade [Low, High] around its geometric mean Lambda, Weight = High - Low wide: High/Low = r^2 with r - 1/r = Weight/Lambda.
            double u = p.Weight / p.Lambda;
            double r = 0.5 * (u + Math.Sqrt(u * u + 4));
            double decades = 2 * Math.Log10(r);
            if (!(p.Lambda > 0) || !(decades > 0) || double.IsInfinity(r) || decades > 50) continue;
            // The last stretch down to 0 (Low = 0, Lambda = High / 2) has no place on a log axis.
            if (Math.Abs(p.Lambda - 0.5 * p.Weight) <= 1e-12 * p.Weight) continue;
            double centre = Math.Log10(p.Lambda);
            steps.Add((centre - decades / 2, centre + decades / 2, p.Value * p.Weight / decades));
        }
        var x = new List<double>();
        var y = new List<double>();
        void Add(double a, double b) { x.Add(a); y.Add(b); }
        double? edge = null;
        foreach (var step in steps.OrderBy(t => t.Low))
        {
            // Decades without mass are not listed: the curve drops to 0 across them.
            if (edge is double e && step.Low > e + 1e-9) { Add(e, 0); Add(step.Low, 0); }
            Add(step.Low, step.Y);
            Add(step.High, step.Y);
            edge = step.High;
        }
        grid.Sort((a, b) => a.X.CompareTo(b.X));
        if (edge is double last && grid.Count > 0 && grid[0].X > last + 1e-9) { Add(last, 0); Add(grid[0].X, 0); }
        foreach (var (gx, gy) in grid) Add(gx, gy);
        return (x, y);
    }

    private static PlotSpec Histogram(List<JacobianSpectrum> spectra, PlotOptions options)
    {
        var sampled = spectra.Where(s => s.Method == "Sampled").ToList();
        if (sampled.Count == 0)
            throw new PlotException("NoSample", "A Histogram plot draws sampled spectra: Get-JacobianSpectrum -Width N (and -Networks, -Seed).");
        var spec = new PlotSpec(PlotKind.Histogram, options.Title ?? "Sampled spectrum against the theory", "log10 λ (eigenvalue of J J^T)", "density of log10 λ") { Legend = LegendCorner.UpperLeft };
        const int maxSamples = 4;
        if (sampled.Count > maxSamples)
        {
            spec.Notes.Add($"{sampled.Count} sampled spectra given; the first {maxSamples} are drawn.");
            sampled = sampled.Take(maxSamples).ToList();
        }
        foreach (var s in sampled)
        {
            var logs = s.LogEigenvalues!.Where(l => !double.IsNegativeInfinity(l)).Select(l => l / Ln10).ToArray();
            int total = s.LogEigenvalues!.Count;
            string label = $"L={s.Depth} {Label(s)}";
            if (logs.Length > 0)
            {
                // Heights are a density of log10 lambda over all eigenvalues, so the bars' area is the nonzero fraction.
                int bins = Math.Clamp((int)Math.Ceiling(2 * Math.Cbrt(logs.Length)), 10, 80);
                double lo = logs.Min(), hi = logs.Max();
                if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
                double width = (hi - lo) / bins;
                var counts = new double[bins];
                foreach (double l in logs) counts[Math.Min(bins - 1, (int)((l - lo) / width))]++;
                spec.Series.Add(new PlotSeries($"sampled N={s.Width}×{s.Networks} {label}",
                    Enumerable.Range(0, bins + 1).Select(i => lo + i * width).ToList(),
                    counts.Select(c => c / (total * width)).ToList(), SeriesStyle.Bars));
            }
            var theory = spectra.FirstOrDefault(t => t.Method != "Sampled" && t.HasDensity && t.Depth == s.Depth && t.Init == s.Init
                && t.Activation == s.Activation && t.WeightStd == s.WeightStd && t.BiasStd == s.BiasStd);
            if (theory == null)
            {
                try { theory = JacobianSpectrumSolver.Solve(s.Init, s.Activation, s.WeightStd, s.BiasStd, s.Depth); }
                catch (IsometryException ex) { spec.Notes.Add($"{label}: no theory curve ({ex.Message})"); }
            }
            if (theory is { HasDensity: true })
            {
                var (x, y) = LogDensity(theory);
                // The theory's tail below the sample's smallest eigenvalue (hundreds of decades, at depth) would squeeze the picture.
                double from = logs.Length > 0 ? logs.Min() - 1 : double.NegativeInfinity;
                var kept = Enumerable.Range(0, x.Count).Where(i => x[i] >= from).ToList();
                if (kept.Count < x.Count)
                    spec.Notes.Add($"{label}: the theory's tail below λ = 1e{from:0} is not drawn.");
                spec.Series.Add(new PlotSeries($"theory {label}", kept.Select(i => x[i]).ToList(), kept.Select(i => y[i]).ToList(), SeriesStyle.Line));
                if (s.ZeroAtomMass > 0 || theory.ZeroAtomMass > 0)
                    spec.Notes.Add($"{label}: zero eigenvalues, mass {F(s.ZeroAtomMass)} sampled and {F(theory.ZeroAtomMass)} in theory (off the log axis).");
            }
        }
        return spec;
    }

    /// <summary>A histogram as bars whose heights are a density over all <paramref name="total"/> values.</summary>
    private static PlotSeries DensityBars(string label, IReadOnlyList<double> values, int total)
    {
        int bins = Math.Clamp((int)Math.Ceiling(2 * Math.Cbrt(values.Count)), 10, 80);
        double lo = values.Min(), hi = values.Max();
        if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
        double width = (hi - lo) / bins;
        var counts = new double[bins];
        foreach (double v in values) counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
        return new PlotSeries(label, Enumerable.Range(0, bins + 1).Select(i => lo + i * width).ToList(),
            counts.Select(c => c / (total * width)).ToList(), SeriesStyle.Bars);
    }

    /// <summary>
    /// Ensemble laws and free convolutions as density curves; sampled ones as histograms (over the law's curve, drawn for a
    /// sampled ensemble even when its theory row was not given). Atoms at 0 are stated in the notes, not drawn.
    /// </summary>
    private static PlotSpec EnsembleDensities(IReadOnlyList<object> results, PlotOptions options)
    {
        var spec = new PlotSpec(PlotKind.Ensemble, options.Title ?? "Eigenvalue densities", "λ (eigenvalue)", "density");
        var ensembles = results.OfType<EnsembleSpectrum>().ToList();
        var convolutions = results.OfType<FreeConvolutionSpectrum>().ToList();
        if (ensembles.Count + convolutions.Count == 0)
            throw new PlotException("WrongResultsForKind", "An Ensemble plot draws results of Get-EnsembleSpectrum or Get-FreeConvolution; none were given.");
        string Name(EnsembleSpectrum e) => e.Ratio is double c ? $"{e.Ensemble}(c={F(c)})" : e.Ensemble.ToString();
        void Curve(string label, Isometry.FreeProbability.SpectralDensity density) =>
            spec.Series.Add(new PlotSeries(label, density.Select(r => r.Lambda).ToList(), density.Select(r => r.Value).ToList(), SeriesStyle.Line));
        foreach (var e in Capped(spec, ensembles, "ensemble spectra"))
        {
            if (e.Method == "Theory") Curve($"theory {Name(e)}", e.Density);
            else
            {
                var nonzero = e.Eigenvalues.Where(v => !(e.ZeroAtomMass > 0 && v == 0.0)).ToList();
                spec.Series.Add(DensityBars($"sampled {Name(e)} N={e.Size}×{e.Matrices}", nonzero, e.Eigenvalues.Count));
                if (!ensembles.Any(t => t.Method == "Theory" && t.Ensemble == e.Ensemble && t.Ratio == e.Ratio))
                    Curve($"theory {Name(e)}", EnsembleSpectrum.Theory(EnsembleLaw.For(e.Ensemble, e.Ratio ?? 1.0), 256).Density);
            }
            if (e.ZeroAtomMass > 0) spec.Notes.Add($"{Name(e)}: an atom of mass {F(e.ZeroAtomMass)} at 0 (not drawn).");
        }
        foreach (var f in Capped(spec, convolutions, "free convolutions"))
        {
            if (f.Method == "FreeProbability") Curve($"free {f.Laws}", f.Density);
            else spec.Series.Add(DensityBars($"sampled {f.Laws} N={f.Size}×{f.Matrices}", f.Eigenvalues.Where(v => !(f.ZeroAtomMass > 0 && v == 0.0)).ToList(), f.Eigenvalues.Count));
            if (f.ZeroAtomMass > 0) spec.Notes.Add($"{f.Laws}: an atom of mass {F(f.ZeroAtomMass)} at 0 (not drawn).");
        }
        return spec;
    }

    /// <summary>Spacings as a histogram over the Wigner surmise at the sample's scale (mean sqrt(pi) for 2 x 2, 1 unfolded).</summary>
    private static PlotSpec Spacings(List<LevelSpacingSample> samples, PlotOptions options)
    {
        var spec = new PlotSpec(PlotKind.Spacing, options.Title ?? "Level spacings against the Wigner surmise", "s (spacing)", "density");
        foreach (var s in Capped(spec, samples, "spacing samples"))
        {
            string label = s.Size == 2 ? "2×2 matrices" : $"N={s.Size} unfolded";
            spec.Series.Add(DensityBars($"sampled {label} ({s.Count})", s.Spacings, s.Count));
            double scale = s.SurmiseMean / Math.Sqrt(Math.PI);   // 1 for 2 x 2, 1/sqrt(pi) at mean 1
            double top = s.Spacings.Max();
            var x = Enumerable.Range(0, 201).Select(i => top * i / 200.0).ToList();
            spec.Series.Add(new PlotSeries($"surmise, mean {F(s.SurmiseMean)}", x,
                x.Select(v => LevelSpacing.SurmiseDensity(v / scale) / scale).ToList(), SeriesStyle.Line));
        }
        return spec;
    }
}

/// <summary>Results that cannot make the plot asked for.</summary>
public sealed class PlotException : IsometryException
{
    public PlotException(string errorId, string message) : base(errorId, message) { }
}
