#Requires -Version 7.4
<#
.SYNOPSIS
    Build, test and package the Isometry module.
.DESCRIPTION
    Build    dotnet build: compiles the engine and cmdlets and assembles out/Isometry (manifest, DLLs, format, help).
    Test     the xunit suites (engine and hosted PowerShell engine), then Pester in a child pwsh, so the freshly
             built DLL is loaded rather than one this session already holds.
    Package  zips out/Isometry into out/Isometry-<version>.zip.
.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$moduleDir = Join-Path $PSScriptRoot 'out/Isometry'

function Invoke-Native([string] $What, [scriptblock] $Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

foreach ($t in $Task) {
    switch ($t) {
        'Clean' {
            if ($PSCmdlet.ShouldProcess('out/, bin/ and obj/ folders', 'Remove')) {
                Get-ChildItem -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
                Remove-Item -Recurse -Force (Join-Path $PSScriptRoot 'out') -ErrorAction SilentlyContinue
            }
        }
        'Build' {
            Invoke-Native 'dotnet build' { dotnet build Isometry.sln -c $Configuration }
            Write-Host "Module assembled in $moduleDir"
        }
        'Test' {
            Invoke-Native 'dotnet test' { dotnet test Isometry.sln -c $Configuration }
            $pester = Get-Module -ListAvailable Pester | Where-Object Version -GE ([version]'5.0') | Select-Object -First 1
            if ($pester) {
                Invoke-Native 'Pester' {
                    pwsh -NoProfile -Command "Import-Module Pester -MinimumVersion 5.0; `$c = New-PesterConfiguration; `$c.Run.Path = 'tests/Pester'; `$c.Run.Exit = `$true; `$c.Output.Verbosity = 'Detailed'; Invoke-Pester -Configuration `$c"
                }
            }
            else {
                Write-Warning 'Pester 5 is not installed: skipped tests/Pester (Install-Module Pester -MinimumVersion 5.0).'
            }
        }
        'Package' {
            $version = (Import-PowerShellDataFile (Join-Path $moduleDir 'Isometry.psd1')).ModuleVersion
            $zip = Join-Path $PSScriptRoot "out/Isometry-$version.zip"
            if ($PSCmdlet.ShouldProcess($zip, 'Create package')) {
                Compress-Archive -Path $moduleDir -DestinationPath $zip -Force
                Write-Host "Packaged $zip"
            }
        }
    }
}
