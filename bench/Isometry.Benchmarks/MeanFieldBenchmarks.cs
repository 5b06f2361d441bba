using BenchmarkDotNet.Attributes;
using Isometry.MeanField;

namespace Isometry.Benchmarks;

/// <summary>
/// The target workload: Find-CriticalLine for 1,000 BiasStd values of Tanh (the engine call the cmdlet
/// makes per value), plus a fixed-point grid for scale.
/// </summary>
[MemoryDiagnoser]
public class MeanFieldBenchmarks
{
    private double[] _biasStd = System.Array.Empty<double>();

    [GlobalSetup]
    public void Setup()
    {
        // 0 .. 2 in 1,000 steps: the range people sweep.
        _biasStd = new double[1000];
        for (int i = 0; i < _biasStd.Length; i++) _biasStd[i] = 2.0 * i / (_biasStd.Length - 1);
    }

    [Benchmark(Description = "Find-CriticalLine Tanh x1000 BiasStd")]
    public double CriticalLineTanh1000()
    {
        double sum = 0;
        foreach (var sb in _biasStd) sum += CriticalLineSolver.Solve(Activation.Tanh, sb).WeightStd;
        return sum;
    }

    [Benchmark(Description = "Find-CriticalLine HardTanh x1000 BiasStd")]
    public double CriticalLineHardTanh1000()
    {
        double sum = 0;
        foreach (var sb in _biasStd) sum += CriticalLineSolver.Solve(Activation.HardTanh, sb).WeightStd;
        return sum;
    }

    [Benchmark(Description = "Get-FixedPoint Tanh 10x10 grid")]
    public double FixedPointGridTanh()
    {
        double sum = 0;
        for (int i = 1; i <= 10; i++)
        for (int j = 0; j < 10; j++)
            sum += FixedPointSolver.Solve(Activation.Tanh, 0.3 * i, 0.05 * j).Chi;
        return sum;
    }
}
