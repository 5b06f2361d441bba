# Problem sets 4 and 5: the spectrum of J J^T for critical networks as depth grows. Its variance grows linearly with
# depth; how fast depends on the weights and on p, the fraction of units in their linear regime:
#   Gaussian weights:   variance L / p        (never isometric)
#   orthogonal weights: variance L (1 - p) / p
# ReLU has p = 1/2 at every critical point, so its variance is L whatever the bias: it cannot reach isometry. Hard-tanh
# has p -> 1 as q* -> 0 (a smaller bias), so orthogonal hard-tanh approaches isometry: variance -> 0 at any depth.
#   dotnet pwsh -File examples/Curriculum/3-Isometry.ps1 -OutputFolder curriculum
[CmdletBinding()]
param(
    [string] $OutputFolder = 'curriculum-output',
    [string] $Workbook,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../Support/Curriculum.ps1')
$output = Initialize-CurriculumOutput -OutputFolder $OutputFolder -Workbook $Workbook -Part '3-Isometry'

$depths = if ($Quick) { 1, 2, 4, 8, 16, 32 } else { 1..100 }
$sweep = @(
    Find-CriticalLine -Activation Tanh -BiasStd 0.05 | Get-JacobianSpectrum -Depth $depths -Init Gaussian, Orthogonal
    Find-CriticalLine -Activation HardTanh -BiasStd 0.05 | Get-JacobianSpectrum -Depth $depths -Init Orthogonal
    Find-CriticalLine -Activation ReLU -BiasStd 0 | Get-JacobianSpectrum -Depth $depths -Init Orthogonal
)
# The densities of a hundred depths would swamp the sheet: this part is about the moments.
Save-CurriculumTable ($sweep | Select-Object * -ExcludeProperty Density) -Name DepthSweep -Output $output -Csv
Save-CurriculumPlot $sweep -Name growth -Output $output -Options @{ Title = 'Critical networks: λmax and variance of J J^T against depth' }

$deepest = ($depths | Measure-Object -Maximum).Maximum
$isometry = @(
    Find-CriticalLine -Activation ReLU -BiasStd 0 | Get-JacobianSpectrum -Depth $deepest -Init Orthogonal
    Find-CriticalLine -Activation HardTanh -BiasStd 0.2, 0.1, 0.05, 0.02, 0.01, 0.001 | Get-JacobianSpectrum -Depth $deepest -Init Orthogonal
) | Select-Object Activation, BiasStd, WeightStd, QStar, LinearFraction, Depth, Variance, MaxEigenvalue
"Orthogonal networks of depth ${deepest}: ReLU's variance stays at L; hard-tanh's falls towards 0 with the bias."
$isometry | Format-Table | Out-Host
Save-CurriculumTable $isometry -Name Isometry -Output $output -Csv
"Wrote DepthSweep.csv, Isometry.csv and growth.png to $($output.Folder)."
