# Per-point cost of the smooth activations: Get-FixedPoint on the chaotic side of the critical line (WeightStd 1.1 times
# the critical one at BiasStd 0.3, where DepthScaleC's correlation map costs most) and a 512-point theory spectrum
# (critical at BiasStd 0.5, orthogonal, depths 5 to 100), through the cmdlets, after a warm-up.
#   dotnet pwsh -File bench/ActivationCost.ps1
[CmdletBinding()]
param(
    [ValidateSet('Tanh', 'Erf', 'Sigmoid')]
    [string[]] $Activation = @('Tanh', 'Erf', 'Sigmoid'),
    [int] $Points = 20
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../examples/Support/Import-Isometry.ps1')
foreach ($a in $Activation) {
    $sw = 1.1 * (Find-CriticalLine -Activation $a -BiasStd 0.3).WeightStd
    $critical = Find-CriticalLine -Activation $a -BiasStd 0.5
    $null = Get-FixedPoint -Activation $a -WeightStd $sw -BiasStd 0.3
    $null = $critical | Get-JacobianSpectrum -Depth 10 -Init Orthogonal
    $fixed = Measure-Command { foreach ($i in 1..$Points) { $null = Get-FixedPoint -Activation $a -WeightStd ($sw * (1 + $i / 1000)) -BiasStd 0.3 } }
    $spectra = Measure-Command { foreach ($d in 1..$Points) { $null = $critical | Get-JacobianSpectrum -Depth ($d * 5) -Init Orthogonal } }
    '{0,-8} Get-FixedPoint {1,6:F1} ms a point (WeightStd {2:F3}, BiasStd 0.3); spectrum {3,6:F1} ms (512 points, critical at BiasStd 0.5)' -f $a,
        ($fixed.TotalMilliseconds / $Points), $sw, ($spectra.TotalMilliseconds / $Points)
}
