# The large-sweeps benchmarks, in one run:
#  1. a depth sweep shares its work: 1..200 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 against
#     one depth (a single call at depth 100, which also solves the critical line and the mean field), on every core and on one;
#  2. a Tanh (WeightStd, BiasStd) map of q*, chi and the depth scales, Points x Points settings, on every core against one.
#   dotnet pwsh -File bench/LargeSweeps.ps1 [-Points 200] [-Quick]
[CmdletBinding()]
param(
    [int] $Points = 200,
    [int] $MaxDepth = 200,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../examples/Support/Import-Isometry.ps1')
if ($Quick) { $Points = 40; $MaxDepth = 50 }
$cores = [Environment]::ProcessorCount
function Time([scriptblock] $Run) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $null = & $Run
    $clock.Elapsed.TotalMilliseconds
}
$invariant = [cultureinfo]::InvariantCulture

# Warm-up: the first calls pay for loading and compiling, and the tiered JIT recompiles the hot paths on a background
# thread for a while after; a short sweep of each kind, serial and parallel, lets it finish before anything is timed.
$null = 1..40 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 -ThrottleLimit 1
$null = 1..40 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1
$null = Get-FixedPoint -Activation Tanh -WeightStd (1..20) -BiasStd 0.1, 0.3, 0.6 -ThrottleLimit 1
$null = Get-FixedPoint -Activation Tanh -WeightStd (1..20) -BiasStd 0.1, 0.3, 0.6

$one = @(1..3 | ForEach-Object { Time { Get-JacobianSpectrum -Depth 100 -Init Orthogonal -Activation Tanh -BiasStd 0.1 } } | Sort-Object)[1]
$all = Time { 1..$MaxDepth | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 }
$single = Time { 1..$MaxDepth | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 -ThrottleLimit 1 }
[string]::Format($invariant, 'Depth sweep 1..{0} | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1:', $MaxDepth)
[string]::Format($invariant, '  one depth (100) {0,8:F0} ms', $one)
[string]::Format($invariant, '  {0} depths, {1} cores {2,8:F0} ms  = {3:F1} x one depth ({4:F1} ms a depth)', $MaxDepth, $cores, $all, $all / $one, $all / $MaxDepth)
[string]::Format($invariant, '  {0} depths, 1 core  {1,8:F0} ms  = {2:F1} x one depth', $MaxDepth, $single, $single / $one)

$weightStd = 1..$Points | ForEach-Object { 0.5 + 3.5 * $_ / $Points }
$biasStd = 1..$Points | ForEach-Object { $_ / $Points }
$map = Time { Get-FixedPoint -Activation Tanh -WeightStd $weightStd -BiasStd $biasStd }
$mapOne = Time { Get-FixedPoint -Activation Tanh -WeightStd $weightStd -BiasStd $biasStd -ThrottleLimit 1 }
$n = $Points * $Points
[string]::Format($invariant, 'Tanh q*/chi map, {0} x {0} = {1} points (WeightStd 0.5 to 4, BiasStd 0 to 1):', $Points, $n)
[string]::Format($invariant, '  {0} cores {1,8:F1} s  ({2:F2} ms a point)', $cores, $map / 1000, $map / $n)
[string]::Format($invariant, '  1 core  {0,8:F1} s  ({1:F2} ms a point): {2} cores are {3:F2} times faster', $mapOne / 1000, $mapOne / $n, $cores, $mapOne / $map)
