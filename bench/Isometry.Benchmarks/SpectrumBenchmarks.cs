using BenchmarkDotNet.Attributes;
using Isometry.FreeProbability;
using Isometry.MeanField;

namespace Isometry.Benchmarks;

/// <summary>
/// The target: 1..200 | Get-JacobianSpectrum -Init Orthogonal -Activation HardTanh at a critical point,
/// 512 density points each (target: under 0.5 s on the 2-core machine), and the same for Tanh.
/// </summary>
[MemoryDiagnoser]
public class SpectrumBenchmarks
{
    private double _hardTanhSw, _tanhSw;

    [GlobalSetup]
    public void Setup()
    {
        _hardTanhSw = CriticalLineSolver.Solve(Activation.HardTanh, 0.1).WeightStd;
        _tanhSw = CriticalLineSolver.Solve(Activation.Tanh, 0.1).WeightStd;
    }

    [Benchmark(Description = "HardTanh orthogonal, depths 1..200, 512 points")]
    public double HardTanhSweep() => Sweep(Activation.HardTanh, _hardTanhSw);

    [Benchmark(Description = "Tanh orthogonal, depths 1..200, 512 points")]
    public double TanhSweep() => Sweep(Activation.Tanh, _tanhSw);

    private static double Sweep(Activation activation, double sw)
    {
        // As the cmdlet does: one mean-field solve, then every depth.
        var setup = JacobianSpectrumSolver.Prepare(activation, sw, 0.1);
        double sum = 0;
        for (int depth = 1; depth <= 200; depth++) sum += JacobianSpectrumSolver.Solve(setup, WeightInit.Orthogonal, depth, 512).Variance;
        return sum;
    }
}
