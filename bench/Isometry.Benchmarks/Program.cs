using BenchmarkDotNet.Running;

namespace Isometry.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "random-spectra")
        {
            RandomSpectra.Run(args.Length > 1 ? int.Parse(args[1]) : 1, args.Length > 2 ? int.Parse(args[2]) : 400);
            return;
        }
        if (args.Length > 0 && args[0] == "sampled")
        {
            // `sampled N L module-only` skips numpy (for a memory figure at large N).
            SampledSpectrum.Run(args.Length > 1 ? int.Parse(args[1]) : 1000, args.Length > 2 ? int.Parse(args[2]) : 100,
                withPeer: !(args.Length > 3 && args[3] == "module-only"));
            return;
        }
        if (args.Length > 0 && args[0] == "dense")
        {
            DenseKernels.Run(args.Length > 1 ? int.Parse(args[1]) : 1000);
            return;
        }
        if (args.Length > 0 && args[0] == "train")
        {
            // `train DEPTH WIDTH BATCH STEPS`
            TrainingStep.Run(args.Length > 1 ? int.Parse(args[1]) : 100, args.Length > 2 ? int.Parse(args[2]) : 256,
                args.Length > 3 ? int.Parse(args[3]) : 128, args.Length > 4 ? int.Parse(args[4]) : 30);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
