#Requires -Version 7.4
<#
.SYNOPSIS
    Build, test and package the Isometry module.
.DESCRIPTION
    Build    dotnet build: compiles the engine and cmdlets and assembles out/Isometry (manifest, DLLs, format, help).
    Test     Build, then the xunit suites (engine, and the module hosted on the full PowerShell engine), then every
             Pester file in tests/Pester in a child pwsh (so the freshly built DLL is the one loaded), with Pester
             5.9.1 restored from NuGet. Ends with the line "N passed, N failed" over both; fails on any failure
             (and, under CI=true, on any skipped test: CI installs everything a test needs).
    Package  Build, then Publish-PSResource to a local folder repository: out/Isometry.<version>.nupkg, which
             Install-PSResource installs like any module.
    Clean    removes out/ and every bin/ and obj/ folder.
    Run it with the repository's pwsh: dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Package
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Test and Package use the module already assembled in out/Isometry instead of building first.
    [switch] $NoBuild
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$outDir = Join-Path $root 'out'
$moduleDir = Join-Path $outDir 'Isometry'
Import-Module (Join-Path $root 'tests/Pester/TestSupport.psm1') -Force

function Invoke-Native([string] $What, [scriptblock] $Command) {
    & $Command | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

function Invoke-Build([switch] $UseAssembled) {
    if ($UseAssembled) {
        if (-not (Test-Path -LiteralPath (Join-Path $moduleDir 'Isometry.psd1'))) { throw "-NoBuild: nothing is assembled in $moduleDir yet." }
        return
    }
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'Isometry.sln') -c $Configuration }
}

function Get-PesterManifest {
    # PackageDownload restores Pester into the NuGet packages folder; project.assets.json says where that is.
    $project = Join-Path $root 'build/Dependencies.csproj'
    Invoke-Native 'dotnet restore (Pester)' { dotnet restore $project --verbosity quiet }
    $assets = Get-Content -Raw (Join-Path $root 'build/obj/project.assets.json') | ConvertFrom-Json
    foreach ($folder in $assets.packageFolders.PSObject.Properties.Name) {
        $manifest = Join-Path $folder 'pester/5.9.1/tools/Pester.psd1'
        if (Test-Path -LiteralPath $manifest) { return $manifest }
    }
    throw 'Pester 5.9.1 was restored but its tools/Pester.psd1 was not found in the NuGet packages folders.'
}

function Invoke-XunitSuites([string] $ResultsDir) {
    # Counts come from the TRX files; dotnet test's exit code is read after counting so both suites report.
    # One suite after the other (-m:1): side by side, both suites' OpenBLAS threads and parallel sweeps oversubscribe the two
    # cores, and the timing of the stop tests (a stop within 5 s) suffers.
    dotnet test (Join-Path $root 'Isometry.sln') -c $Configuration --no-build -m:1 --logger trx --results-directory $ResultsDir | Out-Host
    $exit = $LASTEXITCODE
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $trx = @(Get-ChildItem -LiteralPath $ResultsDir -Filter *.trx)
    if ($trx.Count -eq 0) { throw "dotnet test wrote no results (exit code $exit)." }
    foreach ($file in $trx) {
        $c = ([xml] (Get-Content -Raw -LiteralPath $file.FullName)).TestRun.ResultSummary.Counters
        $counts.Passed += [int] $c.passed
        $counts.Failed += [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
        $counts.Skipped += [int] $c.notExecuted
    }
    if ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }   # a crash that no counter shows
    [pscustomobject] $counts
}

function Invoke-PesterSuites([string] $ResultsDir) {
    $pester = Get-PesterManifest
    $summary = Join-Path $ResultsDir 'pester.json'
    $script = @'
param($Pester, $Path, $Summary)
Import-Module $Pester -Force
$c = New-PesterConfiguration
$c.Run.Path = $Path
$c.Run.PassThru = $true
$c.Output.Verbosity = 'Detailed'
$r = Invoke-Pester -Configuration $c
[ordered]@{
    Passed  = $r.PassedCount
    Failed  = $r.FailedCount + $r.FailedBlocksCount + $r.FailedContainersCount
    Skipped = $r.SkippedCount + $r.NotRunCount
} | ConvertTo-Json | Set-Content -LiteralPath $Summary
'@
    $pwsh = Get-PwshCommand
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes(
        "& { $script } -Pester '$($pester -replace "'", "''")' -Path '$((Join-Path $root 'tests/Pester') -replace "'", "''")' -Summary '$($summary -replace "'", "''")'"))
    & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded | Out-Host
    if (-not (Test-Path -LiteralPath $summary)) { throw "Pester did not finish (exit code $LASTEXITCODE)." }
    [pscustomobject] (Get-Content -Raw -LiteralPath $summary | ConvertFrom-Json)
}

foreach ($t in $Task) {
    switch ($t) {
        'Clean' {
            if ($PSCmdlet.ShouldProcess('out/, bin/ and obj/ folders', 'Remove')) {
                Get-ChildItem -LiteralPath $root -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
                Remove-Item -LiteralPath $outDir -Recurse -Force -ErrorAction Ignore
            }
        }
        'Build' {
            Invoke-Build
            Write-Host "Module assembled in $moduleDir"
        }
        'Test' {
            Invoke-Build -UseAssembled:$NoBuild
            $results = Join-Path $outDir 'TestResults'
            Remove-Item -LiteralPath $results -Recurse -Force -ErrorAction Ignore
            New-Item -ItemType Directory -Path $results | Out-Null
            $xunit = Invoke-XunitSuites $results
            $pester = Invoke-PesterSuites $results
            $passed = $xunit.Passed + $pester.Passed
            $failed = $xunit.Failed + $pester.Failed
            $skipped = $xunit.Skipped + $pester.Skipped
            Write-Host ('xunit: {0} passed, {1} failed, {2} skipped; Pester: {3} passed, {4} failed, {5} skipped' -f
                $xunit.Passed, $xunit.Failed, $xunit.Skipped, $pester.Passed, $pester.Failed, $pester.Skipped)
            # The plain closing line CI reads.
            Write-Host ('{0} passed, {1} failed, {2} skipped' -f $passed, $failed, $skipped)
            if ($failed -gt 0) { throw "$failed test(s) failed." }
            if ($passed -eq 0) { throw 'No test ran.' }
            if ($skipped -gt 0 -and $env:CI -eq 'true') { throw "$skipped test(s) skipped under CI, where every dependency is installed." }
        }
        'Package' {
            Invoke-Build -UseAssembled:$NoBuild
            $version = (Import-PowerShellDataFile (Join-Path $moduleDir 'Isometry.psd1')).ModuleVersion
            $package = Join-Path $outDir "Isometry.$version.nupkg"
            if ($PSCmdlet.ShouldProcess($package, 'Publish the module to the local folder repository out/')) {
                Remove-Item -LiteralPath $package -ErrorAction Ignore
                # A repository registered for this call only, so the user's PSResourceGet settings stay as they were.
                $repository = "IsometryBuild-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
                Register-PSResourceRepository -Name $repository -Uri $outDir -Trusted
                try { Publish-PSResource -Path $moduleDir -Repository $repository }
                finally { Unregister-PSResourceRepository -Name $repository }
                Write-Host "Packaged $package"
            }
        }
    }
}
