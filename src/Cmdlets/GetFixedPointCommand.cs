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

    /// <summary>At most this many points at once (by default one per core, or per CPU Slurm gave the task).</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int? ThrottleLimit { get; set; }

    protected override void ProcessRecord()
    {
        var activations = Chosen(Activation);
        var points = new System.Collections.Generic.List<(Isometry.Activations.ActivationFunction Phi, double Sw, double Sb)>();
        var indices = new System.Collections.Generic.List<long>();
        foreach (var activation in activations)
        {
            bool resolved = TryResolve(activation, new { Activation = activation, Expression }, out var phi);
            foreach (var sw in WeightStd)
            foreach (var sb in BiasStd)
                if (TakePoint(out long point) && resolved)
                {
                    points.Add((phi, sw, sb));
                    indices.Add(point);
                }
        }
        int workers = SweepWorkers(points.Count, ThrottleLimit);
        long done = 0;
        foreach (var outcome in Isometry.Sweeps.OrderedParallel.Map(points.Count, i => Solve(points[i]), workers, StopToken))
        {
            var (phi, sw, sb) = points[outcome.Index];
            if (TryUnwrap(outcome, new { Activation = phi.Kind, phi.Expression, WeightStd = sw, BiasStd = sb },
                    $"the fixed point of {Describe(phi)} at WeightStd {sw}, BiasStd {sb}", out var solved))
            {
                if (solved.Warning != null) WriteWarning($"{Describe(phi)} at WeightStd {sw}, BiasStd {sb}: {solved.Warning} DepthScaleC is left empty.");
                WriteObject(Tagged(solved.State, indices[outcome.Index]));
            }
            ReportProgress(1, "Solving fixed points", ++done, points.Count);
        }
    }

    private static (MeanFieldState State, string? Warning) Solve((Isometry.Activations.ActivationFunction Phi, double Sw, double Sb) point)
    {
        var state = FixedPointSolver.Solve(point.Phi, point.Sw, point.Sb, out string? warning);
        return (state, warning);
    }
}
