using System;
using System.Linq;
using System.Threading;
using Isometry.Activations;
using Isometry.MeanField;
using Isometry.Sweeps;
using Xunit;

namespace Isometry.Tests;

public class OrderedParallelTests
{
    [Fact]
    public void OutcomesComeBackInTheSerialOrderWhateverFinishesFirst()
    {
        // Early points sleep longest, so the workers finish them last.
        var outcomes = OrderedParallel.Map(40, i => { Thread.Sleep(i < 8 ? 20 - 2 * i : 0); return i * i; }, 4).ToArray();
        Assert.Equal(Enumerable.Range(0, 40), outcomes.Select(o => o.Index));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i * i), outcomes.Select(o => o.Value));
        Assert.All(outcomes, o => Assert.Null(o.Error));
    }

    [Fact]
    public void AFailedPointIsItsOutcomeAndTheSweepGoesOn()
    {
        var outcomes = OrderedParallel.Map(10, i => i == 3 ? throw new NotConvergedException("X", "point 3") : i, 3).ToArray();
        Assert.Equal(10, outcomes.Length);
        Assert.IsType<NotConvergedException>(outcomes[3].Error);
        Assert.Equal(9, outcomes[9].Value);
    }

    [Fact]
    public void StoppingTheEnumerationStopsHandingOutPoints()
    {
        int started = 0;
        foreach (var o in OrderedParallel.Map(10_000, i => { Interlocked.Increment(ref started); return i; }, 2))
            if (o.Index == 5) break;
        // The workers run at most a window ahead of the consumer (4 per worker) and are joined before the loop ends.
        int after = Volatile.Read(ref started);
        Assert.InRange(after, 6, 6 + 8 + 2);
        Thread.Sleep(50);
        Assert.Equal(after, Volatile.Read(ref started));
    }

    [Fact]
    public void AStartedBatchIsComputedBeforeItIsTakenAndComesBackInOrder()
    {
        // What lets Get-JacobianSpectrum bind the next piped depths while the workers compute these.
        int done = 0;
        var batch = OrderedParallel.Start(12, i => { Thread.Sleep(i % 3 == 0 ? 15 : 1); Interlocked.Increment(ref done); return 10 * i; }, 2,
            CancellationToken.None, window: 12);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref done) < 12 && clock.ElapsedMilliseconds < 10_000) Thread.Sleep(5);
        Assert.Equal(12, Volatile.Read(ref done));
        var outcomes = batch.Results().ToArray();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => 10 * i), outcomes.Select(o => o.Value));
    }

    [Fact]
    public void AStoppedBatchStartsNoMorePoints()
    {
        int started = 0;
        var batch = OrderedParallel.Start(10_000, i => { Interlocked.Increment(ref started); Thread.Sleep(1); return i; }, 2,
            CancellationToken.None, window: 10_000);
        Thread.Sleep(20);
        batch.Stop();
        int after = Volatile.Read(ref started);
        Assert.InRange(after, 1, 9_999);
        Thread.Sleep(50);
        Assert.Equal(after, Volatile.Read(ref started));
    }

    [Fact]
    public void OnOneWorkerABatchIsComputedAsItIsTaken()
    {
        int started = 0;
        var batch = OrderedParallel.Start(5, i => { Interlocked.Increment(ref started); return i; }, 1, CancellationToken.None, window: 5);
        Assert.Equal(0, Volatile.Read(ref started));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, batch.Results().Select(o => o.Value));
    }

    [Fact]
    public void CancellationEndsTheSweepEarly()
    {
        using var cancel = new CancellationTokenSource();
        var seen = OrderedParallel.Map(10_000, i => { if (i == 20) cancel.Cancel(); return i; }, 2, cancel.Token).Count();
        Assert.InRange(seen, 1, 20 + 8 + 2);
    }

    [Fact]
    public void AFixedPointGridOnTwoWorkersEqualsTheSerialOneBitForBit()
    {
        var phi = ActivationFunction.For(Activation.Tanh);
        var points = (from sw in new[] { 0.9, 1.4, 2.2, 3.5 } from sb in new[] { 0.05, 0.4 } select (sw, sb)).ToArray();
        var serial = points.Select(p => FixedPointSolver.Solve(phi, p.sw, p.sb)).ToArray();
        var parallel = OrderedParallel.Map(points.Length, i => FixedPointSolver.Solve(phi, points[i].sw, points[i].sb), 2).Select(o => o.Value).ToArray();
        // A class without value equality: every public property compared, doubles by their bits.
        foreach (var property in typeof(MeanFieldState).GetProperties())
            for (int i = 0; i < points.Length; i++)
                Assert.True(Equals(property.GetValue(serial[i]), property.GetValue(parallel[i])), $"{property.Name} at {points[i]}");
    }

    [Fact]
    public void WorkersNeverExceedTheCoresNorThePoints()
    {
        Assert.Equal(1, SweepWorkers.For(1, null));
        Assert.Equal(1, SweepWorkers.For(100, 1));
        Assert.True(SweepWorkers.For(1_000, null) <= Environment.ProcessorCount);
        Assert.True(SweepWorkers.For(1_000, 64) <= Environment.ProcessorCount);
    }
}
