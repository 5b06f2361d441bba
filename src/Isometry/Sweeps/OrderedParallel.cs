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
    public static IEnumerable<Outcome<T>> Map<T>(int count, Func<int, T> compute, int workers, CancellationToken cancel = default) =>
        Start(count, compute, workers, cancel, RunAhead * workers).Results();

    /// <summary>
    /// As <see cref="Map"/>, but on several workers the points start at once and may all be computed before any is taken
    /// (a window of <paramref name="window"/> points ahead of the consumer), so that the caller can gather the next
    /// batch meanwhile; <see cref="Batch{T}.Results"/> hands them back in order. On one worker they are computed as
    /// they are taken, on the caller's thread.
    /// </summary>
    public static Batch<T> Start<T>(int count, Func<int, T> compute, int workers, CancellationToken cancel, int window)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The count of points cannot be negative.");
        return new Batch<T>(count, compute, workers <= 1 || count <= 1 ? null : new MapState<T>(count, compute, Math.Min(workers, count), cancel,
            Math.Max(1, window)), cancel);
    }

    /// <summary>A sweep's points being computed (see <see cref="Start"/>).</summary>
    public sealed class Batch<T>
    {
        private readonly int _count;
        private readonly Func<int, T> _compute;
        private readonly MapState<T>? _state;
        private readonly CancellationToken _cancel;

        internal Batch(int count, Func<int, T> compute, MapState<T>? state, CancellationToken cancel)
        {
            _count = count;
            _compute = compute;
            _state = state;
            _cancel = cancel;
        }

        /// <summary>No new points: those in flight finish before this returns (for a batch whose results are not wanted).</summary>
        public void Stop() => _state?.Stop();

        /// <summary>The outcomes in index order; stopping the enumeration stops the workers (those in flight finish first).</summary>
        public IEnumerable<Outcome<T>> Results()
        {
            if (_state is null)
            {
                for (int i = 0; i < _count && !_cancel.IsCancellationRequested; i++) yield return Run(_compute, i);
                yield break;
            }
            try
            {
                for (int i = 0; i < _count; i++)
                {
                    if (!_state.TryTake(i, out var outcome)) yield break;
                    yield return outcome;
                }
            }
            finally
            {
                _state.Stop();
            }
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

    internal sealed class MapState<T>
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

        public MapState(int count, Func<int, T> compute, int workers, CancellationToken cancel, int window)
        {
            _count = count;
            _compute = compute;
            _cancel = cancel;
            _window = window;
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
