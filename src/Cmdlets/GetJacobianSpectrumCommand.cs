using System.Management.Automation;
using Isometry.FreeProbability;
using Isometry.MeanField;

namespace Isometry.Cmdlets;

/// <summary>
/// Get-JacobianSpectrum: the spectrum of J J^T of a depth-L random network from free probability.
/// </summary>
[Cmdlet(VerbsCommon.Get, "JacobianSpectrum")]
[OutputType(typeof(JacobianSpectrum))]
public sealed class GetJacobianSpectrumCommand : IsometryCmdlet
{
    private NetworkSetup? _setup;
    private (Activation, double, double) _setupKey;

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty, ValidateRange(1, 1_000_000)]
    public int[] Depth { get; set; } = { 10 };

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public WeightInit[] Init { get; set; } = { WeightInit.Gaussian };

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public Activation[] Activation { get; set; } = { Isometry.Activation.Tanh };

    /// <summary>Defaults to the critical WeightStd for Activation and BiasStd (Find-CriticalLine).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaW")]
    [ValidateStd]
    public double? WeightStd { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaB")]
    [ValidateStd]
    public double BiasStd { get; set; }

    [Parameter]
    [Alias("Resolution")]
    [ValidateRange(8, 1_000_000)]
    public int DensityPoints { get; set; } = JacobianSpectrumSolver.DefaultDensityPoints;

    protected override void ProcessRecord()
    {
        // Depths piped in one at a time have no known total; an array given at once does.
        long total = (long)Activation.Length * Init.Length * Depth.Length, done = 0;
        foreach (var activation in Activation)
        {
            var setup = Setup(activation);
            if (setup == null) continue;
            foreach (var init in Init)
            foreach (int depth in Depth)
            {
                try
                {
                    var spectrum = JacobianSpectrumSolver.Solve(setup, init, depth, DensityPoints);
                    if (spectrum.DensityError is string why)
                    {
                        // The row still goes out: its moments are exact; the error says the density is missing and why.
                        WriteError(new ErrorRecord(new NotConvergedException("SpectrumNotConverged", why + " Mean, Variance and moments are exact; the density is left empty."),
                            "SpectrumNotConverged", ErrorCategory.LimitsExceeded, new { Activation = activation, Init = init, Depth = depth }));
                    }
                    WriteObject(spectrum);
                }
                catch (IsometryException ex)
                {
                    WritePointError(ex, new { Activation = activation, Init = init, Depth = depth });
                }
                ReportProgress(4, "Solving Jacobian spectra", ++done, total);
            }
        }
    }

    /// <summary>The mean field of one activation at (WeightStd, BiasStd), reused across a depth sweep; null after an error.</summary>
    private NetworkSetup? Setup(Activation activation)
    {
        object target = new { Activation = activation, WeightStd, BiasStd };
        try
        {
            double sw = WeightStd ?? CriticalLineSolver.Solve(activation, BiasStd).WeightStd;
            if (_setup == null || _setupKey != (activation, sw, BiasStd))
            {
                _setup = JacobianSpectrumSolver.Prepare(activation, sw, BiasStd);
                _setupKey = (activation, sw, BiasStd);
            }
        }
        catch (IsometryException ex)
        {
            WritePointError(ex, target);
            return null;
        }
        if (_setup.State.WeightStd == 0.0)
        {
            WriteError(new ErrorRecord(new PSArgumentException("A Jacobian spectrum needs WeightStd > 0: with WeightStd 0 the Jacobian is 0."),
                "ZeroWeightStd", ErrorCategory.InvalidArgument, target));
            return null;
        }
        return _setup;
    }
}
