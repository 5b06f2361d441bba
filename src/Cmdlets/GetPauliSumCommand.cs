using System.Management.Automation;
using Isometry.RandomMatrices;

namespace Isometry.Cmdlets;

/// <summary>
/// Get-PauliSum: the curriculum's counter-example, sums of 2 x 2 matrices z sigma_z and z sigma_x whose summands have the
/// same spectrum but whose sums do not: independent entries are not freeness.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PauliSum")]
[OutputType(typeof(PauliSumSample))]
public sealed class GetPauliSumCommand : IsometryCmdlet
{
    /// <summary>SameAxis: A + B, both z sigma_z. CrossedAxes: A + C, z sigma_z plus z sigma_x.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [StrictEnum(typeof(PauliSum.Pair))]
    [ValidateNotNullOrEmpty]
    public PauliSum.Pair[] Pair { get; set; } = { PauliSum.Pair.SameAxis, PauliSum.Pair.CrossedAxes };

    [Parameter]
    [StrictInteger]
    [ValidateRange(10, 100_000_000)]
    public int Matrices { get; set; } = 20_000;

    [Parameter]
    public long Seed { get; set; } = 1;

    protected override void ProcessRecord()
    {
        foreach (var pair in Pair)
            if (TryCompute(() => new PauliSumSample(pair, Matrices, Seed, PauliSum.Eigenvalues(pair, Matrices, Seed)), new { Pair = pair, Matrices, Seed },
                    $"the {pair} sums", out var sample))
                WriteObject(sample);
    }
}
