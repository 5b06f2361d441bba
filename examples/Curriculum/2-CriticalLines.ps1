# Problem set 2: the critical line chi = 1 of tanh and hard-tanh in the (WeightStd, BiasStd) plane, and chi over the
# plane with the line on it: left of it gradients vanish (ordered), right of it they explode (chaotic).
#   dotnet pwsh -File examples/Curriculum/2-CriticalLines.ps1 -OutputFolder curriculum
[CmdletBinding()]
param(
    [string] $OutputFolder = 'curriculum-output',
    [string] $Workbook,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../Support/Curriculum.ps1')
$output = Initialize-CurriculumOutput -OutputFolder $OutputFolder -Workbook $Workbook -Part '2-CriticalLines'

$biases = if ($Quick) { 0..5 | ForEach-Object { $_ / 10 } } else { 0..20 | ForEach-Object { $_ / 40 } }
$lines = Find-CriticalLine -Activation Tanh, HardTanh -BiasStd $biases
'Critical lines at three of the biases: the WeightStd with chi = 1 for each BiasStd.'
$lines | Where-Object BiasStd -In 0.0, 0.2, 0.5 | Out-Host
Save-CurriculumTable $lines -Name CriticalLines -Output $output -Csv
Save-CurriculumPlot $lines -Name critical-lines -Output $output

$weights = if ($Quick) { 2..12 | ForEach-Object { $_ / 4 } } else { 5..30 | ForEach-Object { $_ / 10 } }
$grid = Get-FixedPoint -Activation Tanh -WeightStd $weights -BiasStd $biases
Save-CurriculumTable $grid -Name ChiGrid -Output $output
Save-CurriculumPlot $grid -Name chi-heatmap -Output $output
"Wrote CriticalLines.csv, critical-lines.png and chi-heatmap.png ($($grid.Count) grid points) to $($output.Folder)."
