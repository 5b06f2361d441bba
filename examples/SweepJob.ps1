# An unattended sweep for a batch scheduler (cron, Slurm, a CI job):
#   dotnet pwsh -NoProfile -NonInteractive -File examples/SweepJob.ps1 -OutFile critical-line.csv
# Every point that solves is saved with Export-Csv; every point that fails is an error on stderr and the sweep
# goes on; the exit code is 1 if any point failed, so the scheduler sees it (pwsh -File alone exits 0 after a
# non-terminating error). Anything unexpected (a typo, a missing module, an unwritable file) stops the job
# with exit code 1. Arrays on a shell's command line need -Command (-File passes "0,0.5" as one string):
#   dotnet pwsh -NoProfile -NonInteractive -Command "./examples/SweepJob.ps1 -BiasStd 0, 0.5, 1"
[CmdletBinding()]
param(
    [ValidateSet('Linear', 'ReLU', 'HardTanh', 'Tanh', 'Erf')]
    [string[]] $Activation = @('Tanh', 'HardTanh', 'Erf'),
    [double[]] $BiasStd = (0..10 | ForEach-Object { $_ / 10 }),
    [string] $OutFile = 'critical-line.csv'
)
$ErrorActionPreference = 'Stop'
# A scheduler's log is a file: no colour codes in it.
if ([Console]::IsErrorRedirected -or [Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }
# The module built in this clone (dotnet pwsh ./build.ps1), else the installed one.
if (-not (Get-Module Isometry)) {
    $built = Join-Path $PSScriptRoot '../out/Isometry/Isometry.psd1'
    Import-Module $(if (Test-Path -LiteralPath $built) { $built } else { 'Isometry' }) -ErrorAction Stop
}

$rows = Find-CriticalLine -Activation $Activation -BiasStd $BiasStd -ErrorAction Continue -ErrorVariable failures
$rows | Export-Csv -LiteralPath $OutFile -NoTypeInformation -UseQuotes AsNeeded
'Saved {0} of {1} points to {2}; {3} failed.' -f @($rows).Count, (@($rows).Count + $failures.Count), $OutFile, $failures.Count
if ($failures.Count -gt 0) { exit 1 }
