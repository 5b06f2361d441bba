# The main job: the whole Depth First Learning curriculum for "Resurrecting the Sigmoid", part by part, into one
# folder: curriculum.xlsx (a sheet per table, with native charts), a CSV per table and the pictures.
#   dotnet pwsh -File examples/Curriculum.ps1 -OutputFolder curriculum           (about 2 minutes here)
#   dotnet pwsh -File examples/Curriculum.ps1 -OutputFolder curriculum -Quick    (small sizes, what the tests run)
[CmdletBinding(SupportsShouldProcess)]
param(
    [string] $OutputFolder = 'curriculum-output',
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Support/Curriculum.ps1')

$parts = @(
    @{ Script = '1-LengthMaps.ps1'; What = 'Length maps and fixed points (problem sets 2-3)' }
    @{ Script = '2-CriticalLines.ps1'; What = 'Critical lines of tanh and hard-tanh' }
    @{ Script = '../RandomMatrixWarmups.ps1'; What = 'Random-matrix warm-ups: spacings, ensembles, free convolution (problem sets 3-4)' }
    @{ Script = '3-Isometry.ps1'; What = 'Gaussian against orthogonal over depth (problem sets 4-5)' }
    @{ Script = '4-Densities.ps1'; What = 'Densities for several q* and depths' }
    @{ Script = '5-Sampled.ps1'; What = 'Theory against sampled networks' }
)
if (-not $PSCmdlet.ShouldProcess($OutputFolder, 'Write the curriculum''s workbook, CSV files and pictures')) { return }
if (-not (Test-Path -LiteralPath $OutputFolder)) { New-Item -ItemType Directory -Path $OutputFolder | Out-Null }
$folder = (Resolve-Path -LiteralPath $OutputFolder).ProviderPath
$workbook = Join-Path $folder 'curriculum.xlsx'
# The job's own workbook from an earlier run: every part appends its sheets to a fresh one.
Remove-Item -LiteralPath $workbook -ErrorAction Ignore
$clock = [Diagnostics.Stopwatch]::StartNew()
for ($i = 0; $i -lt $parts.Count; $i++) {
    $part = $parts[$i]
    Write-Progress -Activity 'Curriculum' -Status "$($i + 1) of $($parts.Count): $($part.What)" -PercentComplete (100 * $i / $parts.Count)
    "== $($i + 1). $($part.What)"
    & (Join-Path $PSScriptRoot "Curriculum/$($part.Script)") -OutputFolder $folder -Workbook $workbook -Quick:$Quick
}
Write-Progress -Activity 'Curriculum' -Completed
"Done in $([math]::Round($clock.Elapsed.TotalSeconds)) s: $folder"
Get-ChildItem -LiteralPath $folder -File | Sort-Object Name | Format-Table Name, Length | Out-Host
