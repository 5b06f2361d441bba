# Dot-sourced by the curriculum's scripts: where a part writes, and one way to save a table (a sheet of the workbook,
# and a CSV beside it).
. (Join-Path $PSScriptRoot 'Import-Isometry.ps1')

function Initialize-CurriculumOutput {
    <# The output folder (created when missing) and the workbook a part writes its sheets to: the main job's, or the part's own. #>
    param([string] $OutputFolder, [string] $Workbook, [string] $Part)
    if (-not (Test-Path -LiteralPath $OutputFolder)) { New-Item -ItemType Directory -Path $OutputFolder | Out-Null }
    $folder = (Resolve-Path -LiteralPath $OutputFolder).ProviderPath
    if (-not $Workbook) {
        # Run on its own, a part writes a workbook of its own, anew each time.
        $Workbook = Join-Path $folder "$Part.xlsx"
        Remove-Item -LiteralPath $Workbook -ErrorAction Ignore
    }
    [pscustomobject]@{ Folder = $folder; Workbook = $Workbook }
}

function Save-CurriculumTable {
    <# A sheet of the workbook (appended; the workbook is created by the first) and, with -Csv, Name.csv in the folder. #>
    param([Parameter(Mandatory)] [object[]] $InputObject, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] $Output, [switch] $Csv)
    $InputObject | Export-IsometryWorkbook -Path $Output.Workbook -WorksheetName $Name -Append
    if ($Csv) { $InputObject | Export-IsometryCsv -Path (Join-Path $Output.Folder "$Name.csv") -Force }
}

function Save-CurriculumPlot {
    <# A PNG in the folder; the plot's notes (what it left out) go to the verbose stream. #>
    param([Parameter(Mandatory)] [object[]] $InputObject, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] $Output, [hashtable] $Options = @{})
    $InputObject | Export-IsometryPlot -Path (Join-Path $Output.Folder "$Name.png") -Force @Options
}
