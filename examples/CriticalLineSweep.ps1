# A dense critical-line sweep, the kind of table people hand to colleagues:
#   dotnet pwsh -File examples/CriticalLineSweep.ps1
#   ./examples/CriticalLineSweep.ps1 | Export-Csv critical-line.csv      (in pwsh; or Export-Excel with ImportExcel)
# Rows with no critical point would be errors; Tanh, HardTanh and Erf have one for every BiasStd.
[CmdletBinding()]
param(
    [double[]] $BiasStd = (0..20 | ForEach-Object { $_ / 20 }),
    [ValidateSet('Linear', 'ReLU', 'HardTanh', 'Tanh', 'Erf', 'Sigmoid', 'SiLU', 'GELU', 'Softplus', 'SELU')]
    [string[]] $Activation = @('Tanh', 'HardTanh', 'Erf')
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Support/Import-Isometry.ps1')

Find-CriticalLine -Activation $Activation -BiasStd $BiasStd
