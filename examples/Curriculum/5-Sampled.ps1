# The experiment that confirms the theory: real random networks at criticality, their Jacobians' squared singular
# values against the free-probability density, and the distances between them (KS, W1 in log lambda, moments).
#   dotnet pwsh -File examples/Curriculum/5-Sampled.ps1 -OutputFolder curriculum
[CmdletBinding()]
param(
    [string] $OutputFolder = 'curriculum-output',
    [string] $Workbook,
    [switch] $Quick,
    [long] $Seed = 1
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../Support/Curriculum.ps1')
$output = Initialize-CurriculumOutput -OutputFolder $OutputFolder -Workbook $Workbook -Part '5-Sampled'

$width, $networks, $depths = if ($Quick) { 64, 2, @(4, 8) } else { 400, 4, @(8, 32) }
$tanh = Find-CriticalLine -Activation Tanh -BiasStd 0.05
$samples = @(
    $tanh | Get-JacobianSpectrum -Depth $depths -Init Orthogonal, Gaussian -Width $width -Networks $networks -Seed $Seed
    Find-CriticalLine -Activation ReLU -BiasStd 0 | Get-JacobianSpectrum -Depth $depths -Init Orthogonal -Width $width -Networks $networks -Seed $Seed
)
$comparison = $samples | Compare-JacobianSpectrum
"Sampled networks (width $width, $networks networks, seed $Seed) against the theory:"
$comparison | Format-Table Activation, Init, Depth, KS, W1LogLambda, M2RelativeError | Out-Host
Save-CurriculumTable $comparison -Name Comparison -Output $output -Csv
Save-CurriculumTable ($samples | Select-Object * -ExcludeProperty LogEigenvalues) -Name Sampled -Output $output
$deepest = ($depths | Measure-Object -Maximum).Maximum
Save-CurriculumPlot ($samples | Where-Object { $_.Activation -eq 'Tanh' -and $_.Depth -eq $deepest }) -Name sampled-vs-theory -Output $output `
    -Options @{ Title = "Critical tanh, depth ${deepest}: sampled networks against the theory" }
"Wrote Comparison.csv and sampled-vs-theory.png to $($output.Folder)."
