# The large-sweeps benchmarks, in one run:
#  1. a depth sweep shares its work: 1..200 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 against
#     one depth (a single call at depth 100, which also solves the critical line and the mean field and charts the law's
#     transform for its own continuation), on every core and on one;
#  2. a Tanh (WeightStd, BiasStd) map of q*, chi and the depth scales, Points x Points settings, on every core against one.
#   dotnet pwsh -File bench/LargeSweeps.ps1 [-Points 200] [-Rounds 5] [-WarmUp 30] [-Quick]
# The three depth measurements take turns, Rounds times, and each is reported by its median (and range): on a shared host
# a burst of steal time then slows one round of each rather than one of them.
[CmdletBinding()]
param(
    [int] $Points = 200,
    [int] $MaxDepth = 200,
    [ValidateRange(1, 100)]
    [int] $Rounds = 5,
    [ValidateRange(1, 100)]
    [int] $WarmUp = 30,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../examples/Support/Import-Isometry.ps1')
if ($Quick) { $Points = 40; $MaxDepth = 50; $Rounds = 3; $WarmUp = 3 }
$cores = [Environment]::ProcessorCount
function Time([scriptblock] $Run) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $null = & $Run
    $clock.Elapsed.TotalMilliseconds
}
function Median([double[]] $Values) { ($Values | Sort-Object)[[int][math]::Floor($Values.Count / 2)] }
function Range([double[]] $Values) {
    $sorted = $Values | Sort-Object
    [string]::Format([cultureinfo]::InvariantCulture, '{0:F0} to {1:F0}', $sorted[0], $sorted[-1])
}
$invariant = [cultureinfo]::InvariantCulture

# Warm-up: the first calls pay for loading and compiling, and the tiered JIT recompiles the hot paths (with profile
# guidance) on a background thread for a while after; sweeps of each kind, serial and parallel, and single depths let it
# finish first. A method called once a call (the critical line, the mean field) is recompiled only after 30 calls: with
# fewer, the JIT's thread would still be at work in the measured rounds, on a core the sweep's workers need.
foreach ($k in 1..$WarmUp) {
    $null = 1..$MaxDepth | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 -ThrottleLimit 1
    $null = 1..$MaxDepth | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1
    $null = Get-JacobianSpectrum -Depth 100 -Init Orthogonal -Activation Tanh -BiasStd 0.1
}
$null = Get-FixedPoint -Activation Tanh -WeightStd (1..20) -BiasStd 0.1, 0.3, 0.6 -ThrottleLimit 1
$null = Get-FixedPoint -Activation Tanh -WeightStd (1..20) -BiasStd 0.1, 0.3, 0.6

$one = [Collections.Generic.List[double]]::new()
$all = [Collections.Generic.List[double]]::new()
$single = [Collections.Generic.List[double]]::new()
foreach ($round in 1..$Rounds) {
    $one.Add((Time { Get-JacobianSpectrum -Depth 100 -Init Orthogonal -Activation Tanh -BiasStd 0.1 }))
    $all.Add((Time { 1..$MaxDepth | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 }))
    $single.Add((Time { 1..$MaxDepth | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 -ThrottleLimit 1 }))
}
$oneMs = Median $one
$allMs = Median $all
$singleMs = Median $single
[string]::Format($invariant, 'Depth sweep 1..{0} | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1, medians of {1} rounds:', $MaxDepth, $Rounds)
[string]::Format($invariant, '  one depth (100)        {0,6:F0} ms  ({1} ms)', $oneMs, (Range $one))
[string]::Format($invariant, '  {0} depths, {1} cores  {2,6:F0} ms  ({3} ms) = {4:F1} x one depth ({5:F2} ms a depth)', $MaxDepth, $cores, $allMs, (Range $all), $allMs / $oneMs, $allMs / $MaxDepth)
[string]::Format($invariant, '  {0} depths, 1 core   {1,6:F0} ms  ({2} ms) = {3:F1} x one depth', $MaxDepth, $singleMs, (Range $single), $singleMs / $oneMs)

$weightStd = 1..$Points | ForEach-Object { 0.5 + 3.5 * $_ / $Points }
$biasStd = 1..$Points | ForEach-Object { $_ / $Points }
$map = Time { Get-FixedPoint -Activation Tanh -WeightStd $weightStd -BiasStd $biasStd }
$mapOne = Time { Get-FixedPoint -Activation Tanh -WeightStd $weightStd -BiasStd $biasStd -ThrottleLimit 1 }
$n = $Points * $Points
[string]::Format($invariant, 'Tanh q*/chi map, {0} x {0} = {1} points (WeightStd 0.5 to 4, BiasStd 0 to 1):', $Points, $n)
[string]::Format($invariant, '  {0} cores {1,8:F1} s  ({2:F2} ms a point)', $cores, $map / 1000, $map / $n)
[string]::Format($invariant, '  1 core  {0,8:F1} s  ({1:F2} ms a point): {2} cores are {3:F2} times faster', $mapOne / 1000, $mapOne / $n, $cores, $mapOne / $map)
