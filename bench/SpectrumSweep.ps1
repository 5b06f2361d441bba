# The issue's spectrum benchmark through the cmdlet:
#   1..200 | Get-JacobianSpectrum -Init Orthogonal -Activation HardTanh   at a critical point, 512 density points each.
#   dotnet pwsh -File bench/SpectrumSweep.ps1 [-Activation Tanh]
[CmdletBinding()]
param(
    [ValidateSet('Linear', 'ReLU', 'HardTanh', 'Tanh', 'Erf', 'Sigmoid', 'SiLU', 'GELU', 'Softplus', 'SELU')]
    [string] $Activation = 'HardTanh',
    [double] $BiasStd = 0.1,
    [int] $MaxDepth = 200,
    [int] $Repeat = 5
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../examples/Support/Import-Isometry.ps1')

$point = Find-CriticalLine -Activation $Activation -BiasStd $BiasStd
$point | Get-JacobianSpectrum -Depth 5 -Init Orthogonal | Out-Null   # warm-up
$times = foreach ($r in 1..$Repeat) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $rows = 1..$MaxDepth | Get-JacobianSpectrum -Init Orthogonal -Activation $Activation -WeightStd $point.WeightStd -BiasStd $BiasStd -DensityPoints 512
    $clock.Stop()
    $clock.Elapsed.TotalMilliseconds
}
$sorted = @($times | Sort-Object)
[string]::Format([cultureinfo]::InvariantCulture,
    '1..{0} | Get-JacobianSpectrum -Init Orthogonal -Activation {1} (WeightStd {2:G6}, BiasStd {3}): {4} spectra, best {5:F0} ms, median {6:F0} ms of {7} runs',
    $MaxDepth, $Activation, $point.WeightStd, $BiasStd, $rows.Count, $sorted[0], $sorted[[int][math]::Floor($sorted.Count / 2)], $Repeat)
