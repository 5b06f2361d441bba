# Per-point cost of the smooth activations, through the cmdlets, after a warm-up: Get-FixedPoint and a 512-point theory
# spectrum (orthogonal, depths 5 to 100). The bounded ones on the chaotic side of the critical line (WeightStd 1.1 times
# the critical one at BiasStd 0.3, where DepthScaleC's correlation map costs most), spectra critical at BiasStd 0.5.
# The rectifiers have no attracting chaotic side there (their maps grow without bound above it): fixed points at 0.9
# times the critical WeightStd (Softplus, which has no critical line, at WeightStd 1.2), spectra at WeightStd 1.2,
# BiasStd 0.3 (density by the bent-path transform; GELU's critical point at BiasStd 0.5 has q* = 6.4, where its
# orthogonal density costs 2 s).
# Then a 20 x 20 Get-FixedPoint grid (WeightStd 0.5 to 4, BiasStd 0.05 to 1) on one core (-ThrottleLimit 1): the mean cost
# of a point of a map, ordered, chaotic and unbounded points together.
#   dotnet pwsh -File bench/ActivationCost.ps1
[CmdletBinding()]
param(
    [ValidateSet('Tanh', 'Erf', 'Sigmoid', 'SiLU', 'GELU', 'Softplus', 'SELU')]
    [string[]] $Activation = @('Tanh', 'Erf', 'Sigmoid', 'SiLU', 'GELU', 'Softplus', 'SELU'),
    [int] $Points = 20
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../examples/Support/Import-Isometry.ps1')
foreach ($a in $Activation) {
    if ($a -in 'Tanh', 'Erf', 'Sigmoid') {
        $sw = 1.1 * (Find-CriticalLine -Activation $a -BiasStd 0.3).WeightStd
        $critical = Find-CriticalLine -Activation $a -BiasStd 0.5
    }
    else {
        $sw = if ($a -eq 'Softplus') { 1.2 } else { 0.9 * (Find-CriticalLine -Activation $a -BiasStd 0.3 -WarningAction SilentlyContinue).WeightStd }
        $critical = [pscustomobject]@{ Activation = $a; WeightStd = 1.2; BiasStd = 0.3 }
    }
    $null = Get-FixedPoint -Activation $a -WeightStd $sw -BiasStd 0.3
    $null = $critical | Get-JacobianSpectrum -Depth 10 -Init Orthogonal -WarningAction SilentlyContinue
    $fixed = Measure-Command { foreach ($i in 1..$Points) { $null = Get-FixedPoint -Activation $a -WeightStd ($sw * (1 + $i / 1000)) -BiasStd 0.3 } }
    $spectra = Measure-Command { foreach ($d in 1..$Points) { $null = $critical | Get-JacobianSpectrum -Depth ($d * 5) -Init Orthogonal -WarningAction SilentlyContinue } }
    $weights = 1..20 | ForEach-Object { 0.5 + 3.5 * $_ / 20 }
    $biases = 1..20 | ForEach-Object { $_ / 20 }
    $grid = Measure-Command { $null = Get-FixedPoint -Activation $a -WeightStd $weights -BiasStd $biases -ThrottleLimit 1 -WarningAction SilentlyContinue }
    '{0,-8} Get-FixedPoint {1,6:F1} ms a point (WeightStd {2:F3}, BiasStd 0.3), {6,5:F2} ms in a 20 x 20 grid on one core; spectrum {3,6:F1} ms (WeightStd {4:F3}, BiasStd {5})' -f $a,
        ($fixed.TotalMilliseconds / $Points), $sw, ($spectra.TotalMilliseconds / $Points), $critical.WeightStd, $critical.BiasStd, ($grid.TotalMilliseconds / 400)
}
