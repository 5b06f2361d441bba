# Problem sets 2 and 3: the length map q -> f(q), its fixed point q* and the fixed point's stability.
# A tanh network in the ordered phase (WeightStd 0.8) and one in the chaotic phase (WeightStd 2.5): from any input
# variance the iteration settles on q*, stable because the map's slope there is below 1.
#   dotnet pwsh -File examples/Curriculum/1-LengthMaps.ps1 -OutputFolder curriculum
[CmdletBinding()]
param(
    [string] $OutputFolder = 'curriculum-output',
    # The main job's workbook; a part run on its own writes 1-LengthMaps.xlsx.
    [string] $Workbook,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../Support/Curriculum.ps1')
$output = Initialize-CurriculumOutput -OutputFolder $OutputFolder -Workbook $Workbook -Part '1-LengthMaps'

$weights = if ($Quick) { 0.5, 1, 1.5, 2.5 } else { 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3 }
$fixed = Get-FixedPoint -Activation Tanh -WeightStd $weights -BiasStd 0.05
'Fixed points of tanh networks (BiasStd 0.05): stable where the slope f''(q*) is below 1; chi says ordered or chaotic.'
$fixed | Format-Table Activation, WeightStd, QStar, Slope, IsStable, Chi, Regime | Out-Host
Save-CurriculumTable $fixed -Name FixedPoints -Output $output -Csv

$iterations = @(
    Get-LengthMap -Activation Tanh -WeightStd 0.8 -BiasStd 0.05 -InputVariance 2.5 -Depth 8
    Get-LengthMap -Activation Tanh -WeightStd 2.5 -BiasStd 0.05 -InputVariance 0.2 -Depth 8
)
Save-CurriculumTable $iterations -Name LengthMaps -Output $output -Csv
Save-CurriculumPlot $iterations -Name cobweb -Output $output -Options @{ Title = 'Tanh length maps: ordered (σw=0.8) and chaotic (σw=2.5)' }
"Wrote FixedPoints.csv, LengthMaps.csv and cobweb.png to $($output.Folder)."
