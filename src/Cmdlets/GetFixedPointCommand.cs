using System.Management.Automation;
using Isometry.MeanField;

namespace Isometry.Cmdlets;

/// <summary>
/// Get-FixedPoint: q*, chi, the regime and the depth scales for every (activation, sw, sb) of a grid.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FixedPoint")]
[OutputType(typeof(MeanFieldState))]
public sealed class GetFixedPointCommand : IsometryCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [StrictEnum(typeof(Activation))]
    [ValidateNotNullOrEmpty]
    public Activation[] Activation { get; set; } = { Isometry.Activation.Tanh };

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaW")]
    [StrictNumber]
    [ValidateNotNullOrEmpty, ValidateStd]
    public double[] WeightStd { get; set; } = { 1.0 };

    [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaB")]
    [StrictNumber]
    [ValidateNotNullOrEmpty, ValidateStd]
    public double[] BiasStd { get; set; } = { 0.0 };

    protected override void ProcessRecord()
    {
        long total = (long)Activation.Length * WeightStd.Length * BiasStd.Length, done = 0;
        foreach (var activation in Activation)
        foreach (var sw in WeightStd)
        foreach (var sb in BiasStd)
        {
            string? warning = null;
            if (TryCompute(() => FixedPointSolver.Solve(activation, sw, sb, out warning), new { Activation = activation, WeightStd = sw, BiasStd = sb },
                    $"the fixed point of {activation} at WeightStd {sw}, BiasStd {sb}", out var state))
            {
                if (warning != null) WriteWarning($"{activation} at WeightStd {sw}, BiasStd {sb}: {warning} DepthScaleC is left empty.");
                WriteObject(state);
            }
            ReportProgress(1, "Solving fixed points", ++done, total);
        }
    }
}
