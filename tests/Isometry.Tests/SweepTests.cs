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
    public void PointsHandedToAFeedAreComputedBeforeTheyAreTakenAndComeBackInOrder()
    {
        // What lets Get-JacobianSpectrum bind the next piped depths while the workers compute these.
        int done = 0;
        using var feed = new Feed<int, int>(i => { Thread.Sleep(i % 3 == 0 ? 15 : 1); Interlocked.Increment(ref done); return 10 * i; }, 2);
        for (int i = 0; i < 12; i++) feed.Add(i);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref done) < 12 && clock.ElapsedMilliseconds < 10_000) Thread.Sleep(5);
        Assert.Equal(12, Volatile.Read(ref done));
        var taken = new System.Collections.Generic.List<(int Point, int Index, int Value)>();
        while (feed.TryTake(wait: false, out int point, out var outcome)) taken.Add((point, outcome.Index, outcome.Value));
        Assert.Equal(Enumerable.Range(0, 12), taken.Select(t => t.Point));
        Assert.Equal(Enumerable.Range(0, 12), taken.Select(t => t.Index));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => 10 * i), taken.Select(t => t.Value));
        Assert.Equal(0, feed.Outstanding);
    }

    [Fact]
    public void TakingWithoutWaitingStopsAtThePointNotYetComputed()
    {
        // Point 1 is held back until released: point 0 can be taken, point 2 (computed) cannot come before it.
        using var release = new ManualResetEventSlim();
        using var feed = new Feed<int, int>(i => { if (i == 1) release.Wait(); return i; }, 2);
        for (int i = 0; i < 3; i++) feed.Add(i);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int first = -1;
        while (first < 0 && clock.ElapsedMilliseconds < 10_000)
            if (feed.TryTake(wait: false, out int p, out _)) first = p; else Thread.Sleep(1);
        Assert.Equal(0, first);
        Thread.Sleep(30);
        Assert.False(feed.TryTake(wait: false, out _, out _));
        Assert.Equal(2, feed.Outstanding);
        release.Set();
        Assert.True(feed.TryTake(wait: true, out int second, out _));
        Assert.True(feed.TryTake(wait: true, out int third, out _));
        Assert.Equal((1, 2), (second, third));
        Assert.False(feed.TryTake(wait: true, out _, out _));
    }

    [Fact]
    public void AStoppedFeedStartsNoMorePoints()
    {
        int started = 0;
        var feed = new Feed<int, int>(i => { Interlocked.Increment(ref started); Thread.Sleep(1); return i; }, 2);
        for (int i = 0; i < 10_000; i++) feed.Add(i);
        Thread.Sleep(20);
        feed.Stop();
        int after = Volatile.Read(ref started);
        Assert.InRange(after, 1, 9_999);
        Thread.Sleep(50);
        Assert.Equal(after, Volatile.Read(ref started));
        Assert.Throws<InvalidOperationException>(() => feed.Add(0));
    }

    [Fact]
    public void OnOneWorkerAFeedComputesAPointWhenItIsTaken()
    {
        int started = 0;
        using var feed = new Feed<int, int>(i => { Interlocked.Increment(ref started); return i; }, 1);
        for (int i = 0; i < 5; i++) feed.Add(i);
        Assert.False(feed.TryTake(wait: false, out _, out _));
        Assert.Equal(0, Volatile.Read(ref started));
        var values = new System.Collections.Generic.List<int>();
        while (feed.TryTake(wait: true, out _, out var outcome)) values.Add(outcome.Value);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, values);
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
