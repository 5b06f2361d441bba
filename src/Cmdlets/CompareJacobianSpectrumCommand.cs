using System.Management.Automation;
using Isometry.FreeProbability;
using Isometry.Sampling;

namespace Isometry.Cmdlets;

/// <summary>
/// Compare-JacobianSpectrum: sampled spectra (Get-JacobianSpectrum -Width) against the free-probability theory of the
/// same configuration: KS, Wasserstein-1 in log lambda, moment errors with standard errors, fractions below thresholds.
/// </summary>
[Cmdlet(VerbsData.Compare, "JacobianSpectrum")]
[OutputType(typeof(SpectrumComparison))]
public sealed class CompareJacobianSpectrumCommand : IsometryCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public JacobianSpectrum[] InputObject { get; set; } = System.Array.Empty<JacobianSpectrum>();

    /// <summary>The eigenvalues below which the sampled and theoretical fractions are reported.</summary>
    [Parameter]
    [StrictNumber]
    [ValidateNotNullOrEmpty, ValidateVariance]
    public double[] Threshold { get; set; } = { 1e-10, 1e-6, 1e-3 };

    protected override void ProcessRecord()
    {
        foreach (var sample in InputObject)
        {
            var target = new { sample.Activation, sample.Init, sample.Depth, sample.Method };
            if (sample.Eigenvalues is null)
            {
                WriteError(new ErrorRecord(new PSArgumentException(
                        $"The {sample.Activation} {sample.Init} spectrum at depth {sample.Depth} is {sample.Method}, not sampled: " +
                        "pipe in spectra from Get-JacobianSpectrum -Width N (it computes the theory to compare with itself)."),
                    "NotSampled", ErrorCategory.InvalidArgument, target));
                continue;
            }
            if (TryCompute(() => SpectrumComparison.Compare(sample,
                        JacobianSpectrumSolver.Solve(sample.Init, sample.Activation, sample.WeightStd, sample.BiasStd, sample.Depth), Threshold),
                    target, $"the comparison of {sample.Activation} {sample.Init} at depth {sample.Depth}", out var comparison))
                WriteObject(comparison);
        }
    }
}
