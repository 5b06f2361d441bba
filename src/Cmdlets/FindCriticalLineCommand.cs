using System.Management.Automation;
using Isometry.MeanField;

namespace Isometry.Cmdlets;

/// <summary>
/// Find-CriticalLine: for each BiasStd, the WeightStd where chi = 1.
/// </summary>
[Cmdlet(VerbsCommon.Find, "CriticalLine")]
[OutputType(typeof(CriticalLineSample))]
public sealed class FindCriticalLineCommand : IsometryCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [StrictEnum(typeof(Activation))]
    [ValidateNotNullOrEmpty]
    public Activation[] Activation { get; set; } = { Isometry.Activation.Tanh };

    [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaB")]
    [StrictNumber]
    [ValidateNotNullOrEmpty, ValidateStd]
    public double[] BiasStd { get; set; } = { 0.0 };

    protected override void ProcessRecord()
    {
        long total = (long)Activation.Length * BiasStd.Length, done = 0;
        foreach (var activation in Activation)
        foreach (var sb in BiasStd)
        {
            if (TryCompute(() => CriticalLineSolver.Solve(activation, sb), new { Activation = activation, BiasStd = sb },
                    $"the critical point of {activation} at BiasStd {sb}", out var point))
                WriteObject(point);
            ReportProgress(2, "Finding the critical line", ++done, total);
        }
    }
}
