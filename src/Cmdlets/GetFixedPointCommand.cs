using System.Management.Automation;
using Isometry.MeanField;

namespace Isometry.Cmdlets;

/// <summary>
/// Get-FixedPoint: q*, chi, the regime and the depth scales for every (activation, sw, sb) of a grid.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FixedPoint")]
[OutputType(typeof(MeanFieldState))]
public sealed class GetFixedPointCommand : ActivationCmdlet
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
        var activations = Chosen(Activation);
        long total = (long)activations.Length * WeightStd.Length * BiasStd.Length, done = 0;
        foreach (var activation in activations)
        {
            if (!TryResolve(activation, new { Activation = activation, Expression }, out var phi))
            {
                done += (long)WeightStd.Length * BiasStd.Length;
                continue;
            }
            foreach (var sw in WeightStd)
            foreach (var sb in BiasStd)
                Solve(phi, sw, sb, ++done, total);
        }
    }

    private void Solve(Isometry.Activations.ActivationFunction phi, double sw, double sb, long done, long total)
    {
        string? warning = null;
        if (TryCompute(() => FixedPointSolver.Solve(phi, sw, sb, out warning), new { Activation = phi.Kind, phi.Expression, WeightStd = sw, BiasStd = sb },
                $"the fixed point of {Describe(phi)} at WeightStd {sw}, BiasStd {sb}", out var state))
        {
            if (warning != null) WriteWarning($"{Describe(phi)} at WeightStd {sw}, BiasStd {sb}: {warning} DepthScaleC is left empty.");
            WriteObject(state);
        }
        ReportProgress(1, "Solving fixed points", done, total);
    }
}
