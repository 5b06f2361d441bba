# The data of a cobweb plot for the length map: the curve f(q), and the staircase of iterates q^0, q^1, ...
# that walks onto the fixed point where the curve crosses the diagonal.
#   dotnet pwsh -File examples/Cobweb.ps1 [-Activation HardTanh] [-WeightStd 1.8] [-BiasStd 0.2]
[CmdletBinding()]
param(
    [ValidateSet('Linear', 'ReLU', 'HardTanh', 'Tanh', 'Erf', 'Sigmoid', 'SiLU', 'GELU', 'Softplus', 'SELU')]
    [string] $Activation = 'HardTanh',
    [double] $WeightStd = 1.8,
    [double] $BiasStd = 0.2
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Support/Import-Isometry.ps1')

$state = Get-FixedPoint -Activation $Activation -WeightStd $WeightStd -BiasStd $BiasStd
"$Activation, WeightStd $WeightStd, BiasStd ${BiasStd}: q* = $($state.QStar), slope f'(q*) = $($state.Slope), chi = $($state.Chi) ($($state.Regime))"
# The plot's scale: q* when it is a positive number; otherwise (q* = 0, none, or unbounded) q from 0 to 1.
$hasScale = $null -ne $state.QStar -and $state.QStar -gt 0 -and -not [double]::IsInfinity($state.QStar)
$scale = if ($hasScale) { $state.QStar } else { 1.0 }
if (-not $hasScale) { "No positive finite q* to scale the plot by: showing q from 0 to 3 and iterates from q = 2.5." }
Get-LengthMap -Activation $Activation -WeightStd $WeightStd -BiasStd $BiasStd -QMax (3 * $scale) -Points 7 | Out-Host
Get-LengthMap -Activation $Activation -WeightStd $WeightStd -BiasStd $BiasStd -InputVariance (2.5 * $scale) -Depth 6 | Out-Host
