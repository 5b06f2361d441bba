# A dense critical-line sweep, the kind of table people hand to colleagues:
#   dotnet pwsh -File examples/CriticalLineSweep.ps1
#   ./examples/CriticalLineSweep.ps1 | Export-Csv critical-line.csv      (in pwsh; or Export-Excel with ImportExcel)
# Rows with no critical point would be errors; Tanh, HardTanh and Erf have one for every BiasStd.
[CmdletBinding()]
param(
    [double[]] $BiasStd = (0..20 | ForEach-Object { $_ / 20 }),
    [ValidateSet('Linear', 'ReLU', 'HardTanh', 'Tanh', 'Erf')]
    [string[]] $Activation = @('Tanh', 'HardTanh', 'Erf')
)
$ErrorActionPreference = 'Stop'
# The module built in this clone (dotnet pwsh ./build.ps1), else the installed one.
if (-not (Get-Module Isometry)) {
    $built = Join-Path $PSScriptRoot '../out/Isometry/Isometry.psd1'
    Import-Module $(if (Test-Path -LiteralPath $built) { $built } else { 'Isometry' }) -ErrorAction Stop
}

Find-CriticalLine -Activation $Activation -BiasStd $BiasStd
