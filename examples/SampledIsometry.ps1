# The curriculum's experiment: real random networks at criticality, orthogonal against Gaussian, over depth. The
# sampled variance of the squared singular values of J grows linearly with depth for both, much more slowly for
# orthogonal weights (L(1 - p)/p against L/p for hard-tanh), as free probability
# predicts (tanh at a small q* grows far more slowly with orthogonal weights); the KS distance says how close each
# sample is to the theory.
#   dotnet pwsh -File examples/SampledIsometry.ps1            (width 400, depths 2 to 32: 8 s here)
#   dotnet pwsh -File examples/SampledIsometry.ps1 -Quick     (width 64, depths 2 to 8: what the tests run)
[CmdletBinding()]
param(
    [switch] $Quick,
    [int] $Width = $(if ($Quick) { 64 } else { 400 }),
    [int[]] $Depth = $(if ($Quick) { 2, 4, 8 } else { 2, 4, 8, 16, 32 }),
    [long] $Seed = 1
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Support/Import-Isometry.ps1')

$points = @(
    Find-CriticalLine -Activation HardTanh -BiasStd 0.1
    Find-CriticalLine -Activation Tanh -BiasStd 0.05
    Find-CriticalLine -Activation ReLU -BiasStd 0
)
"Critical networks of width $Width, seed ${Seed}: sampled Variance of J J^T against the theory, and the KS distance."
$rows = foreach ($point in $points) {
    foreach ($init in 'Orthogonal', 'Gaussian') {
        foreach ($sample in $point | Get-JacobianSpectrum -Depth $Depth -Init $init -Width $Width -Seed $Seed) {
            $theory = $point | Get-JacobianSpectrum -Depth $sample.Depth -Init $init
            $comparison = $sample | Compare-JacobianSpectrum
            [pscustomobject]@{
                Activation     = $sample.Activation
                Init           = $init
                Depth          = $sample.Depth
                SampleVariance = [math]::Round($sample.Variance, 4)
                TheoryVariance = [math]::Round($theory.Variance, 4)
                KS             = [math]::Round($comparison.KS, 4)
            }
        }
    }
}
$rows | Format-Table -AutoSize | Out-Host
