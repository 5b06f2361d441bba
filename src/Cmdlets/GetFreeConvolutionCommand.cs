using System.Management.Automation;
using Isometry.RandomMatrices;

namespace Isometry.Cmdlets;

/// <summary>
/// Get-FreeConvolution: the spectrum of A + B (or of A B) for independent matrices from two ensembles, by free additive
/// (or multiplicative) convolution, or sampled sums (products) compared with it.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FreeConvolution", DefaultParameterSetName = TheorySet)]
[OutputType(typeof(FreeConvolutionSpectrum))]
public sealed class GetFreeConvolutionCommand : IsometryCmdlet
{
    private const string TheorySet = "Theory";
    private const string SampledSet = "Sampled";
    private volatile bool _stopping;

    /// <summary>Sum (R-transforms add) or Product (S-transforms multiply; two Marchenko-Pastur laws).</summary>
    [Parameter]
    [StrictEnum(typeof(FreeOperation))]
    public FreeOperation Operation { get; set; } = FreeOperation.Sum;

    /// <summary>The two operands' ensembles.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [StrictEnum(typeof(Ensemble))]
    [ValidateCount(2, 2)]
    public Ensemble[] Ensemble { get; set; } = System.Array.Empty<Ensemble>();

    /// <summary>Their Marchenko-Pastur ratios, in the same order (ignored for a Wigner summand); one value serves both.</summary>
    [Parameter]
    [StrictNumber]
    [ValidateCount(1, 2), ValidateRange(1e-6, 1e6)]
    public double[] Ratio { get; set; } = { 0.5 };

    [Parameter(ParameterSetName = TheorySet)]
    [StrictInteger]
    [ValidateRange(2, 100_000)]
    public int DensityPoints { get; set; } = 256;

    [Parameter(Mandatory = true, ParameterSetName = SampledSet)]
    [StrictInteger]
    [ValidateRange(2, 20_000)]
    public int Size { get; set; }

    [Parameter(ParameterSetName = SampledSet)]
    [StrictInteger]
    [ValidateRange(1, 100_000)]
    public int Matrices { get; set; } = 1;

    [Parameter(ParameterSetName = SampledSet)]
    public long Seed { get; set; } = 1;

    protected override void StopProcessing() => _stopping = true;

    protected override void ProcessRecord()
    {
        double first = Ratio[0], second = Ratio.Length > 1 ? Ratio[1] : Ratio[0];
        var target = new { Operation, Ensemble, Ratio };
        if (!TryCompute(() => FreeConvolution.Of(Operation, EnsembleLaw.For(Ensemble[0], first), EnsembleLaw.For(Ensemble[1], second)), target, "the free convolution", out var sum))
            return;
        if (ParameterSetName == TheorySet)
        {
            if (TryCompute(() => FreeConvolutionSpectrum.Theory(sum, DensityPoints), target, $"the density of {sum.Label}", out var theory))
                WriteObject(theory);
            return;
        }
        var progress = new ProgressRecord(8, $"Sampling {sum.Label}, size {Size}", "starting");
        if (PoolDraws(Matrices, k => Operation == FreeOperation.Sum
                ? EnsembleSampler.SumEigenvalues(Ensemble[0], first, Ensemble[1], second, Size, Seed, k)
                : EnsembleSampler.ProductEigenvalues(first, second, Size, Seed, k), () => _stopping, target, progress) is not double[] pooled)
            return;
        if (TryCompute(() => FreeConvolutionSpectrum.Sampled(sum, Size, Matrices, Seed, Isometry.LinearAlgebra.DenseBackend.Default.Name, pooled),
                target, $"the comparison with {sum.Label}", out var sampled))
            WriteObject(sampled);
    }
}
