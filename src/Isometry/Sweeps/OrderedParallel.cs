using System;
using System.Collections.Generic;
using System.Threading;

namespace Isometry.Sweeps;

/// <summary>The outcome of one point of a sweep: its value, or the exception that ended it.</summary>
public readonly record struct Outcome<T>(int Index, T Value, Exception? Error);

/// <summary>
/// Independent points of a sweep on several threads, handed back in the serial order. Each point is computed exactly as a
/// serial run computes it (the engine keeps no state between points that changes a result), so the output is the same,
/// bit for bit, whatever the number of workers.
/// </summary>
public static class OrderedParallel
{
    /// <summary>How far the workers may run ahead of the consumer, per worker: enough to keep them busy, little enough
    /// that a stopped pipeline wastes little.</summary>
    private const int RunAhead = 4;

    /// <summary>
    /// compute(0) .. compute(count - 1) on up to <paramref name="workers"/> threads, yielded in index order as soon as
    /// each is ready. An exception is caught and handed back as that point's outcome. Stopping the enumeration (or
    /// <paramref name="cancel"/>) stops handing out new points; those in flight finish before the enumerator returns.
    /// </summary>
    public static IEnumerable<Outcome<T>> Map<T>(int count, Func<int, T> compute, int workers, CancellationToken cancel = default)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The count of points cannot be negative.");
        return MapPoints(count, compute, workers, cancel);
    }

    private static IEnumerable<Outcome<T>> MapPoints<T>(int count, Func<int, T> compute, int workers, CancellationToken cancel)
    {
        using var feed = new Feed<int, T>(compute, workers, cancel);
        int window = RunAhead * Math.Max(1, workers), added = 0;
        for (int taken = 0; taken < count; taken++)
        {
            while (added < count && added < taken + window) feed.Add(added++);
            if (!feed.TryTake(wait: true, out _, out var outcome)) yield break;
            yield return outcome;
        }
    }
}

/// <summary>
/// Points handed in one at a time (as a pipeline binds them) and computed on worker threads as soon as they arrive, taken
/// back in the order they came: without waiting for those already computed (so the caller can write them while it binds
/// more), or waiting (at the end, or to bound how many are outstanding). On one worker a point is computed on the caller's
/// thread when it is taken. An exception is caught and handed back as that point's outcome. Disposing (or
/// <c>cancel</c>) starts no more points; those in flight finish first, so nothing runs on after the caller is done.
/// </summary>
public sealed class Feed<TPoint, TResult> : IDisposable
{
    private sealed class Slot(TPoint point, int index)
    {
        public TPoint Point { get; } = point;
        public int Index { get; } = index;
        public bool Started, Ready;
        public Outcome<TResult> Outcome;
    }

    private readonly Func<TPoint, TResult> _compute;
    private readonly int _workers;
    private readonly CancellationToken _cancel;
    private readonly object _gate = new();
    /// <summary>Every point not yet taken, in order; and those no worker has started.</summary>
    private readonly Queue<Slot> _untaken = new(), _unstarted = new();
    private readonly List<Thread> _threads = new();
    private int _added;
    private bool _stopped;

    public Feed(Func<TPoint, TResult> compute, int workers, CancellationToken cancel = default)
    {
        _compute = compute;
        _workers = Math.Max(1, workers);
        _cancel = cancel;
    }

    /// <summary>How many points were handed in and not yet taken.</summary>
    public int Outstanding
    {
        get { lock (_gate) return _untaken.Count; }
    }

    /// <summary>Hands in the next point; a worker starts it at once if one is free.</summary>
    public void Add(TPoint point)
    {
        lock (_gate)
        {
            if (_stopped) throw new InvalidOperationException("The feed was stopped: no more points can be added.");
            var slot = new Slot(point, _added++);
            _untaken.Enqueue(slot);
            if (_workers == 1) return;
            _unstarted.Enqueue(slot);
            // Workers start with the first points, so a feed that is never used costs no threads.
            if (_threads.Count < _workers)
            {
                var thread = new Thread(Work) { IsBackground = true, Name = $"Isometry sweep worker {_threads.Count}" };
                _threads.Add(thread);
                thread.Start();
            }
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// The oldest point not yet taken and its outcome: false when there is none, when it is not computed yet and
    /// <paramref name="wait"/> is false, or when the feed was cancelled before it started.
    /// </summary>
    public bool TryTake(bool wait, out TPoint point, out Outcome<TResult> outcome)
    {
        point = default!;
        outcome = default;
        Slot slot;
        lock (_gate)
        {
            if (_untaken.Count == 0) return false;
            slot = _untaken.Peek();
            if (_workers > 1)
            {
                while (!slot.Ready)
                {
                    if (!wait || ((_cancel.IsCancellationRequested || _stopped) && !slot.Started)) return false;
                    Monitor.Wait(_gate, 100);
                }
                _untaken.Dequeue();
                point = slot.Point;
                outcome = slot.Outcome;
                return true;
            }
            if (!wait || _cancel.IsCancellationRequested || _stopped) return false;
            _untaken.Dequeue();
        }
        point = slot.Point;
        outcome = Run(slot);
        return true;
    }

    private void Work()
    {
        while (true)
        {
            Slot slot;
            lock (_gate)
            {
                while (!_stopped && !_cancel.IsCancellationRequested && _unstarted.Count == 0) Monitor.Wait(_gate, 100);
                if (_stopped || _cancel.IsCancellationRequested) return;
                slot = _unstarted.Dequeue();
                slot.Started = true;
            }
            var outcome = Run(slot);
            lock (_gate)
            {
                slot.Outcome = outcome;
                slot.Ready = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private Outcome<TResult> Run(Slot slot)
    {
        try
        {
            return new Outcome<TResult>(slot.Index, _compute(slot.Point), null);
        }
        catch (Exception ex)
        {
            return new Outcome<TResult>(slot.Index, default!, ex);
        }
    }

    /// <summary>No new points start; waits for those in flight, so that nothing runs on after the sweep has returned.</summary>
    public void Stop()
    {
        Thread[] threads;
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
            threads = _threads.ToArray();
        }
        foreach (var t in threads) t.Join();
    }

    public void Dispose() => Stop();
}

/// <summary>How many workers a sweep uses: never more than the cores (or Slurm's CPUs for this task), nor than asked.</summary>
public static class SweepWorkers
{
    /// <summary>
    /// The cores this process may use: SLURM_CPUS_PER_TASK inside a Slurm job that sets it, else the processor count.
    /// </summary>
    public static int Available()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("SLURM_CPUS_PER_TASK"), System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture, out int slurm) && slurm > 0)
            return Math.Min(slurm, Environment.ProcessorCount);
        return Environment.ProcessorCount;
    }

    /// <summary>The workers for a sweep of <paramref name="points"/>: min(throttle, available cores, points), at least 1.</summary>
    public static int For(long points, int? throttle) =>
        (int)Math.Max(1, Math.Min(Math.Min(throttle ?? int.MaxValue, Available()), Math.Max(1, points)));
}
