using System.Collections.Generic;
using System.Management.Automation;
using Isometry.FreeProbability;

namespace Isometry.Cmdlets;

/// <summary>
/// Measure-SpectralMoment: moments m_1..m_k of theoretical spectra (exact) or of eigenvalues (sample moments).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "SpectralMoment", DefaultParameterSetName = EigenvalueSet)]
[Alias("Measure-SpectralMoments")]
[OutputType(typeof(SpectralMoments))]
public sealed class MeasureSpectralMomentCommand : IsometryCmdlet
{
    private const string SpectrumSet = "Spectrum";
    private const string EigenvalueSet = "Eigenvalue";
    private const string DensitySet = "Density";
    private const string EnsembleSet = "Ensemble";
    private const string ConvolutionSet = "Convolution";
    private readonly List<double> _eigenvalues = new();
    private readonly List<DensitySample> _rows = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = SpectrumSet)]
    public JacobianSpectrum[] InputObject { get; set; } = System.Array.Empty<JacobianSpectrum>();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = EigenvalueSet)]
    [Alias("Lambda")]
    [AllowEmptyCollection]
    public double[] Eigenvalue { get; set; } = System.Array.Empty<double>();

    /// <summary>Rows of a spectrum's Density ($s.Density | Measure-SpectralMoment): the moments of the grid with its weights.</summary>
    /// <summary>Random-matrix ensembles (Get-EnsembleSpectrum): the law's exact moments, or a sample's from its eigenvalues.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = EnsembleSet)]
    public Isometry.RandomMatrices.EnsembleSpectrum[] EnsembleSpectrum { get; set; } = System.Array.Empty<Isometry.RandomMatrices.EnsembleSpectrum>();

    /// <summary>Free convolutions (Get-FreeConvolution): exact moments (order up to 11), or a sample's from its eigenvalues.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ConvolutionSet)]
    public Isometry.RandomMatrices.FreeConvolutionSpectrum[] FreeConvolution { get; set; } = System.Array.Empty<Isometry.RandomMatrices.FreeConvolutionSpectrum>();

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DensitySet)]
    public DensitySample[] DensityRow { get; set; } = System.Array.Empty<DensitySample>();

    [Parameter(Position = 1)]
    [StrictInteger]
    [ValidateRange(1, 64)]
    public int Order { get; set; } = 4;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == SpectrumSet)
        {
            foreach (var spectrum in InputObject) Emit(SpectralMoments.OfSpectrum(spectrum, Order));
            return;
        }
        if (ParameterSetName == DensitySet)
        {
            _rows.AddRange(DensityRow);
            return;
        }
        if (ParameterSetName == EnsembleSet)
        {
            foreach (var e in EnsembleSpectrum)
                Emit(e.Method == "Sampled" ? SpectralMoments.OfSample(e.Eigenvalues, Order) : SpectralMoments.OfLaw(e.ExactMoment, Order));
            return;
        }
        if (ParameterSetName == ConvolutionSet)
        {
            foreach (var f in FreeConvolution)
            {
                if (f.Method == "Sampled") Emit(SpectralMoments.OfSample(f.Eigenvalues, Order));
                else if (Order > Isometry.RandomMatrices.FreeConvolution.MaxMomentOrder)
                    WriteError(new ErrorRecord(new PSArgumentException(
                            $"A free convolution's exact moments go up to order {Isometry.RandomMatrices.FreeConvolution.MaxMomentOrder}: ask for -Order {Isometry.RandomMatrices.FreeConvolution.MaxMomentOrder} or less."),
                        "OrderTooHigh", ErrorCategory.InvalidArgument, f));
                else Emit(SpectralMoments.OfLaw(f.ExactMoment, Order));
            }
            return;
        }
        // Eigenvalues piped one by one (or as arrays) form one sample, measured at the end.
        foreach (double x in Eigenvalue)
        {
            if (!double.IsFinite(x))
            {
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"Eigenvalue {x} is not finite: sample moments need finite eigenvalues."),
                    "NonFiniteEigenvalue", ErrorCategory.InvalidData, x));
            }
            _eigenvalues.Add(x);
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == DensitySet)
        {
            foreach (var moments in SpectralMoments.OfDensityRows(_rows, Order)) Emit(moments);
            return;
        }
        if (ParameterSetName != EigenvalueSet) return;
        if (_eigenvalues.Count == 0)
        {
            WriteError(new ErrorRecord(new PSArgumentException("No eigenvalues were given: pass -Eigenvalue or pipe numbers in."),
                "NoEigenvalues", ErrorCategory.InvalidArgument, null));
            return;
        }
        Emit(SpectralMoments.OfSample(_eigenvalues, Order));
    }

    // M1..Mk as note properties: one flat row per spectrum, ready for Export-Excel or Export-Csv.
    private void Emit(SpectralMoments moments)
    {
        var row = PSObject.AsPSObject(moments);
        for (int k = 1; k <= moments.Order; k++) row.Properties.Add(new PSNoteProperty("M" + k, moments.Moment(k)));
        WriteObject(row);
    }
}
