using System.Linq;
using System.Management.Automation;
using Isometry.RandomMatrices;

namespace Isometry.Cmdlets;

/// <summary>
/// Get-EnsembleSpectrum: the eigenvalue law of a standard ensemble (Wigner's semicircle, Marchenko-Pastur) in closed
/// form, or matrices drawn from it on the dense backend, compared with the law.
/// </summary>
[Cmdlet(VerbsCommon.Get, "EnsembleSpectrum", DefaultParameterSetName = TheorySet)]
[OutputType(typeof(EnsembleSpectrum))]
public sealed class GetEnsembleSpectrumCommand : IsometryCmdlet
{
    private const string TheorySet = "Theory";
    private const string SampledSet = "Sampled";
    private volatile bool _stopping;

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [StrictEnum(typeof(Ensemble))]
    [ValidateNotNullOrEmpty]
    public Ensemble[] Ensemble { get; set; } = { Isometry.RandomMatrices.Ensemble.Wigner };

    /// <summary>c = N/M of Marchenko-Pastur (ignored for Wigner).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [StrictNumber]
    [ValidateNotNullOrEmpty, ValidateRange(1e-6, 1e6)]
    public double[] Ratio { get; set; } = { 0.5 };

    [Parameter(ParameterSetName = TheorySet)]
    [StrictInteger]
    [ValidateRange(2, 1_000_000)]
    public int DensityPoints { get; set; } = 256;

    /// <summary>Sample matrices of this size N instead of the law.</summary>
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
        foreach (var ensemble in Ensemble)
        // A ratio means nothing to Wigner: one row, not one per ratio.
        foreach (double ratio in ensemble == Isometry.RandomMatrices.Ensemble.Wigner ? new[] { 1.0 } : Ratio)
        {
            var target = new { Ensemble = ensemble, Ratio = ratio };
            if (!TryCompute(() => EnsembleLaw.For(ensemble, ratio), target, $"the {ensemble} law", out var law)) continue;
            if (ParameterSetName == TheorySet)
            {
                if (TryCompute(() => EnsembleSpectrum.Theory(law, DensityPoints), target, $"the {ensemble} density", out var theory))
                    WriteObject(theory);
                continue;
            }
            var progress = new ProgressRecord(7, $"Sampling {ensemble} matrices of size {Size}", "starting");
            if (PoolDraws(Matrices, k => EnsembleSampler.Eigenvalues(ensemble, Size, ratio, Seed, k), () => _stopping, target, progress) is double[] pooled)
                WriteObject(EnsembleSpectrum.Sampled(law, Size, Matrices, Seed, Isometry.LinearAlgebra.DenseBackend.Default.Name, pooled));
            else if (_stopping) return;
        }
    }
}
