using System;
using System.Globalization;
using System.Management.Automation;

namespace Isometry.Cmdlets;

/// <summary>What every Isometry cmdlet shares: turning engine failures into PowerShell errors.</summary>
public abstract class IsometryCmdlet : PSCmdlet
{
    private readonly System.Threading.CancellationTokenSource _stop = new();

    /// <summary>Cancelled by Ctrl+C, so that a parallel sweep stops handing out points.</summary>
    protected System.Threading.CancellationToken StopToken => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>
    /// The workers for a sweep of <paramref name="points"/> independent points (at most <paramref name="throttle"/>, the
    /// cores, or Slurm's CPUs for the task), said in -Verbose once the sweep is big enough to split.
    /// </summary>
    protected int SweepWorkers(long points, int? throttle)
    {
        int workers = Isometry.Sweeps.SweepWorkers.For(points, throttle);
        if (points > 1) WriteVerbose($"{points} points {OnWorkers(workers, throttle)}.");
        return workers;
    }

    /// <summary>How -Verbose says what ran: 'on 2 worker threads (2 cores available, -ThrottleLimit 2)'.</summary>
    protected static string OnWorkers(int workers, int? throttle) =>
        $"on {workers} worker thread{(workers == 1 ? "" : "s")} " +
        $"({Isometry.Sweeps.SweepWorkers.Available()} cores available{(throttle is int t ? $", -ThrottleLimit {t}" : "")})";

    /// <summary>
    /// One point's outcome from a parallel sweep, as <see cref="TryCompute{T}"/> reports it: an engine failure or a defect
    /// becomes that point's error and false is returned; anything else (flow control) is rethrown as it was.
    /// </summary>
    protected bool TryUnwrap<T>(Isometry.Sweeps.Outcome<T> outcome, object target, string point, out T value)
    {
        value = outcome.Value;
        switch (outcome.Error)
        {
            case null:
                return true;
            case IsometryException ex:
                WritePointError(ex, target);
                return false;
            case Exception ex when IsDefect(ex):
                WriteDefect(ex, target, point);
                return false;
            default:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(outcome.Error).Throw();
                return false;
        }
    }

    /// <summary>
    /// One point of a sweep failed: a non-terminating error with the engine's id, so the sweep goes on and the
    /// user can choose -ErrorAction Stop.
    /// </summary>
    protected void WritePointError(IsometryException ex, object target)
    {
        var category = ex is NotConvergedException ? ErrorCategory.LimitsExceeded : ErrorCategory.InvalidArgument;
        WriteError(new ErrorRecord(ex, ex.ErrorId, category, target));
    }

    /// <summary>
    /// An exception the engine did not name (a defect, not bad input): reported for the point, in the module's words
    /// with the engine's detail, so one point of a sweep cannot end it. Flow control (Ctrl+C's PipelineStoppedException,
    /// a RuntimeException) is none of these types and is never caught.
    /// </summary>
    protected static bool IsDefect(Exception ex) =>
        ex is ArithmeticException or ArgumentException or InvalidOperationException or IndexOutOfRangeException
            or NullReferenceException or OutOfMemoryException;

    protected void WriteDefect(Exception ex, object target, string point)
    {
        var wrapped = new InvalidOperationException(
            $"Isometry could not compute {point} ({ex.GetType().Name}: {ex.Message}). This is a defect in Isometry; " +
            "please report it with the command that produced it. The other points of the sweep are unaffected.", ex);
        WriteError(new ErrorRecord(wrapped, "InternalError", ErrorCategory.NotSpecified, target));
    }

    /// <summary>
    /// Computes one point of a sweep. An engine failure becomes that point's error (<see cref="WritePointError"/>), a
    /// defect one too (<see cref="WriteDefect"/>); either way false is returned and the sweep goes on. Output is
    /// written by the caller, outside this, so nothing downstream is mistaken for a failure of the point.
    /// </summary>
    protected bool TryCompute<T>(Func<T> compute, object target, string point, out T value)
    {
        try
        {
            value = compute();
            return true;
        }
        catch (IsometryException ex)
        {
            WritePointError(ex, target);
        }
        catch (Exception ex) when (IsDefect(ex))
        {
            WriteDefect(ex, target, point);
        }
        value = default!;
        return false;
    }

    /// <summary>
    /// Draws 0..count-1 pooled into one sample, with progress (for ten or more) and a stop between draws: null when a draw
    /// failed (its error is written) or <paramref name="stopping"/> said stop.
    /// </summary>
    protected double[]? PoolDraws(int count, System.Func<int, double[]> draw, System.Func<bool> stopping, object target, ProgressRecord progress)
    {
        var pooled = new System.Collections.Generic.List<double>();
        for (int k = 0; k < count; k++)
        {
            if (stopping()) return null;
            if (!TryCompute(() => draw(k), target, $"draw {k}", out var values)) return null;
            pooled.AddRange(values);
            if (count >= 10 && k % (count / 10) == 0)
            {
                progress.StatusDescription = $"draw {k + 1} of {count}";
                progress.PercentComplete = 100 * k / count;
                WriteProgress(progress);
            }
        }
        return pooled.ToArray();
    }

    /// <summary>Progress for sweeps large enough to notice.</summary>
    protected void ReportProgress(int activityId, string activity, long done, long total)
    {
        if (total < 50) return;
        if (done % Math.Max(1, total / 100) != 0 && done != total) return;
        var record = new ProgressRecord(activityId, activity, $"{done} of {total}")
        {
            PercentComplete = (int)(100 * done / total),
            RecordType = done == total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        WriteProgress(record);
    }
}

/// <summary>
/// A finite, non-negative number. Checked per element before any code runs, so the error names the parameter
/// and says what to do.
/// </summary>
public abstract class ValidateFiniteNonNegativeAttribute : ValidateEnumeratedArgumentsAttribute
{
    /// <summary>The message for a rejected value, already formatted invariantly.</summary>
    protected abstract string Reject(string value);

    /// <summary>The largest value accepted.</summary>
    protected virtual double Maximum => double.MaxValue;

    protected sealed override void ValidateElement(object element)
    {
        object raw = element is PSObject ps ? ps.BaseObject : element;
        double value = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0.0 || value > Maximum)
            throw new ValidationMetadataException(Reject(value.ToString(CultureInfo.InvariantCulture)));
    }
}

/// <summary>A standard deviation such as WeightStd or BiasStd.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateStdAttribute : ValidateFiniteNonNegativeAttribute
{
    protected override string Reject(string value) =>
        $"{value} is not a standard deviation: supply a finite number greater than or equal to 0 " +
        "(for example 1.0 for the weights, 0.05 for the biases).";
}

/// <summary>A variance q.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateVarianceAttribute : ValidateFiniteNonNegativeAttribute
{
    /// <summary>q beyond 1e200 would take the map's slope (about q^-1.5) out of the double range.</summary>
    protected override double Maximum => 1e200;

    protected override string Reject(string value) =>
        $"{value} is not a variance the mean field can carry: supply a number from 0 to 1e200.";
}
