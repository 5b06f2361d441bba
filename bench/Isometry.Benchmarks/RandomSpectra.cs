using System;
using System.Diagnostics;
using Isometry.FreeProbability;

namespace Isometry.Benchmarks;

/// <summary>
/// A robustness sweep, not a timing: random Tanh/Erf networks (WeightStd 0.5 to 3, BiasStd 0 to 1.5, depth 1 to
/// 10,000 log-uniform, either init), each checked for the density's mass (1) and its m_1 against the exact mean.
/// Prints the configurations that miss 1e-5 or fail, then a summary.
///   dotnet run -c Release --project bench/Isometry.Benchmarks -- random-spectra [seed] [count]
/// </summary>
public static class RandomSpectra
{
    public static void Run(int seed, int count)
    {
        var rng = new Random(seed);
        int bad = 0;
        double worst = 0.0;
        long slowest = 0;
        for (int i = 0; i < count; i++)
        {
            var activation = rng.Next(2) == 0 ? Activation.Tanh : Activation.Erf;
            var init = rng.Next(2) == 0 ? WeightInit.Gaussian : WeightInit.Orthogonal;
            double sw = 0.5 + 2.5 * rng.NextDouble(), sb = rng.Next(4) == 0 ? 0.0 : 1.5 * rng.NextDouble();
            int depth = (int)Math.Round(Math.Exp(rng.NextDouble() * Math.Log(10000)));
            string what = $"{activation} {init} WeightStd {sw:G4} BiasStd {sb:G4} depth {depth}";
            var clock = Stopwatch.StartNew();
            try
            {
                var s = JacobianSpectrumSolver.Solve(init, activation, sw, sb, depth);
                slowest = Math.Max(slowest, clock.ElapsedMilliseconds);
                if (s.DensityError is string why) { bad++; Console.WriteLine($"{what}: {why}"); continue; }
                if (s.ContinuousMass == 0.0) continue;   // q* = 0 with orthogonal weights: a single atom
                double massError = Math.Abs(s.ContinuousMass!.Value - 1.0);
                // m_1 from the grid is comparable only while the mean is representable.
                double m1Error = 0.0;
                if (Math.Abs(Math.Log(s.Mean)) < 300)
                {
                    double m1 = 0.0;
                    foreach (var x in s.Density) m1 += x.Weight * x.Value * x.Lambda;
                    m1Error = Math.Abs(m1 / s.Mean - 1.0);
                }
                double error = Math.Max(massError, m1Error);
                worst = Math.Max(worst, error);
                if (error > 1e-5) { bad++; Console.WriteLine($"{what} (q* {s.QStar:G4}): mass error {massError:E2}, m_1 error {m1Error:E2}"); }
            }
            catch (IsometryException ex)
            {
                bad++;
                Console.WriteLine($"{what}: {ex.Message}");
            }
        }
        Console.WriteLine($"{count - bad} of {count} within 1e-5; worst error {worst:E2}; slowest {slowest} ms");
    }
}
