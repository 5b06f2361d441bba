# The issue's benchmark through the cmdlet itself: Find-CriticalLine for 1,000 BiasStd values of Tanh.
#   dotnet pwsh -File bench/CriticalLine.ps1 [-Activation HardTanh]
# BenchmarkDotNet measures the engine call alone: see bench/Isometry.Benchmarks.
[CmdletBinding()]
param(
    [int] $Count = 1000,
    [double] $MaxBiasStd = 2.0,
    [ValidateSet('Linear', 'ReLU', 'HardTanh', 'Tanh', 'Erf', 'Sigmoid', 'SiLU', 'GELU', 'Softplus', 'SELU')]
    [string] $Activation = 'Tanh'
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../examples/Support/Import-Isometry.ps1')

$biasStd = 0..($Count - 1) | ForEach-Object { $MaxBiasStd * $_ / ($Count - 1) }
Find-CriticalLine -Activation $Activation -BiasStd 0.1 | Out-Null   # warm-up: JIT and module load
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$rows = Find-CriticalLine -Activation $Activation -BiasStd $biasStd
$clock.Stop()
[string]::Format([cultureinfo]::InvariantCulture,
    'Find-CriticalLine -Activation {0}: {1} BiasStd values in {2:F0} ms ({3:F3} ms per value)',
    $Activation, $rows.Count, $clock.Elapsed.TotalMilliseconds, $clock.Elapsed.TotalMilliseconds / $rows.Count)
