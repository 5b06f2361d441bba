using System.Linq;
using System.Management.Automation;
using Isometry.RandomMatrices;

namespace Isometry.Cmdlets;

/// <summary>Get-LevelSpacing: spacings of neighbouring eigenvalues against the Wigner surmise.</summary>
[Cmdlet(VerbsCommon.Get, "LevelSpacing")]
[OutputType(typeof(LevelSpacingSample))]
public sealed class GetLevelSpacingCommand : IsometryCmdlet
{
    /// <summary>2 for the curriculum's 2 x 2 matrix; N &gt;= 4 for unfolded bulk spacings of N x N Wigner matrices.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [StrictInteger]
    [ValidateRange(2, 20_000)]
    public int Size { get; set; } = 2;

    /// <summary>How many matrices: 2 x 2 spacings (one each), or N x N matrices pooled.</summary>
    [Parameter]
    [StrictInteger]
    [ValidateRange(2, 100_000_000)]
    public int Matrices { get; set; } = 10_000;

    [Parameter]
    public long Seed { get; set; } = 1;

    protected override void ProcessRecord()
    {
        var target = new { Size, Matrices, Seed };
        if (Size == 3)
        {
            WriteError(new ErrorRecord(new PSArgumentException("-Size 3 has too few levels to unfold: use 2 (the curriculum's 2 x 2 matrix) or 4 and above."),
                "SizeTooSmallToUnfold", ErrorCategory.InvalidArgument, target));
            return;
        }
        double[] spacings;
        try
        {
            // Ctrl+C stops between matrices; PowerShell then reports the stop itself.
            if (!TryCompute(() => Size == 2 ? LevelSpacing.TwoByTwo(Matrices, Seed) : LevelSpacing.Unfolded(Size, Matrices, Seed, stop: () => _stopping), target,
                    "the spacings", out spacings))
                return;
        }
        catch (System.OperationCanceledException)
        {
            return;
        }
        WriteObject(new LevelSpacingSample(Size, Matrices, Seed, spacings));
    }

    private volatile bool _stopping;

    protected override void StopProcessing() => _stopping = true;
}
