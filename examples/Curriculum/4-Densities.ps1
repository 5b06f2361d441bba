# Problem set 4 and the paper's figure of spectra: the density of J J^T for critical orthogonal tanh networks. At a
# fixed depth a smaller q* keeps the spectrum near 1 (dynamical isometry); at a fixed q* it spreads as depth grows.
#   dotnet pwsh -File examples/Curriculum/4-Densities.ps1 -OutputFolder curriculum
[CmdletBinding()]
param(
    [string] $OutputFolder = 'curriculum-output',
    [string] $Workbook,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../Support/Curriculum.ps1')
$output = Initialize-CurriculumOutput -OutputFolder $OutputFolder -Workbook $Workbook -Part '4-Densities'

# The bias that puts the critical point at a chosen q*: sb^2 = q* - sw^2 E[tanh(sqrt(q*) z)^2] with sw^2 = 1/E[tanh'^2].
function Get-CriticalBias([double] $QStar) { [math]::Sqrt([Isometry.MeanField.CriticalLineSolver]::BiasVarianceAt('Tanh', $QStar)) }

$depth = if ($Quick) { 16 } else { 64 }
$qStars = if ($Quick) { (1 / 64), 1 } else { (1 / 64), (1 / 16), (1 / 4), 1, 4 }
$byQStar = foreach ($q in $qStars) { Find-CriticalLine -Activation Tanh -BiasStd (Get-CriticalBias $q) | Get-JacobianSpectrum -Depth $depth -Init Orthogonal }
"Orthogonal tanh at depth ${depth}: the spectrum's spread grows with q*."
$byQStar | Format-Table Depth, BiasStd, QStar, Mean, Variance, MaxEigenvalue | Out-Host
Save-CurriculumPlot $byQStar -Name densities-by-qstar -Output $output -Options @{ Title = "Orthogonal tanh, depth ${depth}: densities for several q*" }

$depths = if ($Quick) { 4, 16 } else { 8, 32, 128 }
$byDepth = Find-CriticalLine -Activation Tanh -BiasStd (Get-CriticalBias (1 / 64)) | Get-JacobianSpectrum -Depth $depths -Init Orthogonal
Save-CurriculumPlot $byDepth -Name densities-by-depth -Output $output -Options @{ Title = 'Orthogonal tanh, q* = 1/64: densities by depth' }
Save-CurriculumTable (@($byQStar) + @($byDepth)) -Name Densities -Output $output -Csv
"Wrote Densities.csv, Densities.Density.csv, densities-by-qstar.png and densities-by-depth.png to $($output.Folder)."
