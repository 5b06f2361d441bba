using System;
using System.Globalization;
using System.Management.Automation;

namespace Isometry.Cmdlets;

/// <summary>What every Isometry cmdlet shares: turning engine failures into PowerShell errors.</summary>
public abstract class IsometryCmdlet : PSCmdlet
{
    /// <summary>
    /// One point of a sweep failed: a non-terminating error with the engine's id, so the sweep goes on and the
    /// user can choose -ErrorAction Stop.
    /// </summary>
    protected void WritePointError(IsometryException ex, object target)
    {
        var category = ex is NotConvergedException ? ErrorCategory.LimitsExceeded : ErrorCategory.InvalidArgument;
        WriteError(new ErrorRecord(ex, ex.ErrorId, category, target));
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

    protected sealed override void ValidateElement(object element)
    {
        object raw = element is PSObject ps ? ps.BaseObject : element;
        double value = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0.0)
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
    protected override string Reject(string value) =>
        $"{value} is not a variance: supply a finite number greater than or equal to 0.";
}
