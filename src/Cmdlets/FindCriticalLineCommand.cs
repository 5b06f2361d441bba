using System.Globalization;
using System.Management.Automation;
using Isometry.MeanField;

namespace Isometry.Cmdlets;

/// <summary>
/// Find-CriticalLine: for each BiasStd, the WeightStd where chi = 1.
/// </summary>
[Cmdlet(VerbsCommon.Find, "CriticalLine")]
[OutputType(typeof(CriticalLineSample))]
public sealed class FindCriticalLineCommand : ActivationCmdlet
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
        var activations = Chosen(Activation);
        long total = (long)activations.Length * BiasStd.Length, done = 0;
        foreach (var activation in activations)
        {
            bool resolved = TryResolve(activation, new { Activation = activation, Expression }, out var phi);
            foreach (var sb in BiasStd)
            {
                ++done;
                if (TakePoint(out long point) && resolved) Solve(phi, sb, point, done, total);
            }
        }
    }

    private void Solve(Isometry.Activations.ActivationFunction phi, double sb, long sweepPoint, long done, long total)
    {
        var activation = Describe(phi);
        if (TryCompute(() => CriticalLineSolver.Solve(phi, sb), new { Activation = phi.Kind, phi.Expression, BiasStd = sb },
                $"the critical point of {activation} at BiasStd {sb}", out var point))
        {
            if (!point.IsStable)
                WriteWarning(string.Format(CultureInfo.InvariantCulture,
                    "{0} at BiasStd {1}: the critical point (WeightStd {2:G6}, q* = {3:G6}) is a repelling fixed point of the length map: " +
                    "inputs below it settle at a smaller q* with chi < 1, inputs above it grow without bound. Get-FixedPoint and " +
                    "Get-JacobianSpectrum at this (WeightStd, BiasStd) use the attracting one.", activation, sb, point.WeightStd, point.QStar));
            WriteObject(Tagged(point, sweepPoint));
        }
        ReportProgress(2, "Finding the critical line", done, total);
    }
}
