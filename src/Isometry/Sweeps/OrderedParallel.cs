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
        if (workers <= 1 || count <= 1)
        {
            for (int i = 0; i < count && !cancel.IsCancellationRequested; i++) yield return Run(compute, i);
            yield break;
        }
        var state = new MapState<T>(count, compute, Math.Min(workers, count), cancel);
        try
        {
            for (int i = 0; i < count; i++)
            {
                if (!state.TryTake(i, out var outcome)) yield break;
                yield return outcome;
            }
        }
        finally
        {
            state.Stop();
        }
    }

    private static Outcome<T> Run<T>(Func<int, T> compute, int i)
    {
        try
        {
            return new Outcome<T>(i, compute(i), null);
        }
        catch (Exception ex)
        {
            return new Outcome<T>(i, default!, ex);
        }
    }

    private sealed class MapState<T>
    {
        private readonly int _count, _window;
        private readonly Func<int, T> _compute;
        private readonly Outcome<T>[] _results;
        private readonly bool[] _ready;
        private readonly Thread[] _threads;
        private readonly CancellationToken _cancel;
        private readonly object _gate = new();
        private int _next, _consumed;
        private bool _stopped;

        public MapState(int count, Func<int, T> compute, int workers, CancellationToken cancel)
        {
            _count = count;
            _compute = compute;
            _cancel = cancel;
            _window = RunAhead * workers;
            _results = new Outcome<T>[count];
            _ready = new bool[count];
            _threads = new Thread[workers];
            for (int w = 0; w < workers; w++)
            {
                _threads[w] = new Thread(Work) { IsBackground = true, Name = $"Isometry sweep worker {w}" };
                _threads[w].Start();
            }
        }

        private void Work()
        {
            while (true)
            {
                int i;
                lock (_gate)
                {
                    while (!_stopped && !_cancel.IsCancellationRequested && _next < _count && _next >= _consumed + _window)
                        Monitor.Wait(_gate, 100);
                    if (_stopped || _cancel.IsCancellationRequested || _next >= _count) return;
                    i = _next++;
                }
                var outcome = Run(_compute, i);
                lock (_gate)
                {
                    _results[i] = outcome;
                    _ready[i] = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        /// <summary>Waits for point i; false when the sweep was cancelled before it was computed.</summary>
        public bool TryTake(int i, out Outcome<T> outcome)
        {
            lock (_gate)
            {
                while (!_ready[i])
                {
                    if (_cancel.IsCancellationRequested && i >= _next) { outcome = default; return false; }
                    Monitor.Wait(_gate, 100);
                }
                outcome = _results[i];
                _results[i] = default;
                _consumed = i + 1;
                Monitor.PulseAll(_gate);
                return true;
            }
        }

        /// <summary>No new points; waits for those in flight, so that nothing runs on after the sweep has returned.</summary>
        public void Stop()
        {
            lock (_gate)
            {
                _stopped = true;
                Monitor.PulseAll(_gate);
            }
            foreach (var t in _threads) t.Join();
        }
    }
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
