# What the Pester suites (and build.ps1) share: where things are, how to start a child pwsh, and the one assertion
# Pester 5 lacks. Importing it needs no Pester; the Should operator is registered when Pester is loaded.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-RepositoryRoot {
    $script:RepoRoot
}

function Get-BuiltModuleManifest {
    <# The manifest of the module that the build assembles in out/Isometry. #>
    $manifest = Join-Path $script:RepoRoot 'out/Isometry/Isometry.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The assembled module is missing at $manifest. Build it first: dotnet pwsh ./build.ps1 -Task Build"
    }
    $manifest
}

function Get-PwshCommand {
    <#
    .SYNOPSIS
        The program and leading arguments that start the same pwsh as this one: a native pwsh starts itself; the
        dotnet tool (`dotnet pwsh`) runs as dotnet with pwsh.dll, so a child is `dotnet <PSHOME>/pwsh.dll`.
    #>
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        [pscustomobject]@{ FilePath = $process; Prefix = @((Join-Path $PSHOME 'pwsh.dll')) }
    }
    else {
        [pscustomobject]@{ FilePath = $process; Prefix = @() }
    }
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
        Runs a child pwsh to the end and returns its exit code, standard output and standard error.
    #>
    param(
        [Parameter(Mandatory)] [string[]] $ArgumentList,
        [string] $WorkingDirectory = $script:RepoRoot,
        # Variables set for the child only (HOME, for a user of its own).
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )
    $pwsh = Get-PwshCommand
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
    foreach ($a in @($pwsh.Prefix) + $ArgumentList) { $start.ArgumentList.Add($a) }
    $start.WorkingDirectory = $WorkingDirectory
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true
    $process = [Diagnostics.Process]::Start($start)
    $process.StandardInput.Close()
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill($true)
        throw "pwsh $($ArgumentList -join ' ') did not finish within $TimeoutSeconds s."
    }
    [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result }
}

function Get-ImportExcelPath {
    <#
    .SYNOPSIS
        ImportExcel is not on NuGet: the tests take the copy in ../shared/modules when it is there. Returns its
        folder, or $null when it is missing.
    #>
    # The folder holds a version folder (7.8.10); Import-Module takes the module folder itself.
    $folder = Join-Path $script:RepoRoot '../shared/modules/ImportExcel'
    if (Test-Path -LiteralPath $folder) { return (Resolve-Path -LiteralPath $folder).Path }
    $null
}

function Skip-Unavailable {
    <#
    .SYNOPSIS
        Marks the current test skipped with a reason; under CI (CI=true), where .ci/run installs every
        dependency, a missing one is a failure instead.
    #>
    param([Parameter(Mandatory)] [string] $Because)
    if ($env:CI -eq 'true') { throw "Required under CI: $Because" }
    Set-ItResult -Skipped -Because $Because
}

function Test-Approximately {
    <# The Should operator: |actual - expected| <= tolerance; NaN never passes. #>
    param($ActualValue, $ExpectedValue, [double] $Tolerance, [switch] $Negate, [string] $Because)
    if ($PSBoundParameters.ContainsKey('Tolerance') -eq $false) {
        throw 'Should -BeApproximately needs -Tolerance.'
    }
    $difference = [math]::Abs([double] $ActualValue - [double] $ExpectedValue)
    $close = $difference -le $Tolerance
    if ($Negate) { $close = -not $close }
    $reason = if ($Because) { " because $Because" } else { '' }
    $message = if ($Negate) {
        "Expected $ActualValue not within $Tolerance of $ExpectedValue$reason, but it is (difference $difference)."
    }
    else {
        "Expected $ExpectedValue within $Tolerance$reason, but got $ActualValue (difference $difference)."
    }
    [pscustomobject]@{ Succeeded = $close; FailureMessage = $message }
}

if (Get-Command Add-ShouldOperator -ErrorAction Ignore) {
    if (-not (Get-ShouldOperator | Where-Object Name -EQ 'BeApproximately')) {
        Add-ShouldOperator -Name BeApproximately -Test ${function:Test-Approximately}
    }
}

Export-ModuleMember -Function Get-RepositoryRoot, Get-BuiltModuleManifest, Get-PwshCommand, Invoke-ChildPwsh,
    Get-ImportExcelPath, Skip-Unavailable
