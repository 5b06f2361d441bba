using System.Linq;
using System.Management.Automation;
using Isometry.RandomMatrices;

namespace Isometry.Cmdlets;

/// <summary>Get-AvoidedCrossing: the eigenvalues of [[Delta, J], [J, -Delta]] along Delta, for each coupling J.</summary>
[Cmdlet(VerbsCommon.Get, "AvoidedCrossing")]
[OutputType(typeof(AvoidedCrossingLevels))]
public sealed class GetAvoidedCrossingCommand : IsometryCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [StrictNumber]
    [ValidateNotNullOrEmpty]
    public double[] Delta { get; set; } = Enumerable.Range(-8, 17).Select(i => i / 4.0).ToArray();

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("J")]
    [StrictNumber]
    [ValidateNotNullOrEmpty]
    public double[] Coupling { get; set; } = { 0.0, 1.0 };

    protected override void ProcessRecord()
    {
        foreach (double j in Coupling)
        foreach (double d in Delta)
        {
            if (!double.IsFinite(d) || !double.IsFinite(j))
            {
                WriteError(new ErrorRecord(new PSArgumentException($"Delta and Coupling must be finite numbers; got Delta {d}, Coupling {j}."),
                    "NotFinite", ErrorCategory.InvalidArgument, new { Delta = d, Coupling = j }));
                continue;
            }
            WriteObject(new AvoidedCrossingLevels(d, j));
        }
    }
}
