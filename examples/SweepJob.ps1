# An unattended sweep for a batch scheduler (cron, Slurm, a CI job):
#   dotnet pwsh -NoProfile -NonInteractive -File examples/SweepJob.ps1 -OutFile critical-line.csv
# Every point that solves is saved with Export-Csv; every point that fails is an error on stderr and the sweep
# goes on; the exit code is 1 if any point failed, so the scheduler sees it (pwsh -File alone exits 0 after a
# non-terminating error). Anything unexpected (a typo, a missing module, an unwritable file) stops the job
# with exit code 1. Arrays on a shell's command line need -Command (-File passes "0,0.5" as one string):
#   dotnet pwsh -NoProfile -NonInteractive -Command "./examples/SweepJob.ps1 -BiasStd 0, 0.5, 1"
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateSet('Linear', 'ReLU', 'HardTanh', 'Tanh', 'Erf', 'Sigmoid', 'SiLU', 'GELU', 'Softplus', 'SELU')]
    [string[]] $Activation = @('Tanh', 'HardTanh', 'Erf'),
    [double[]] $BiasStd = (0..10 | ForEach-Object { $_ / 10 }),
    [string] $OutFile = 'critical-line.csv'
)
$ErrorActionPreference = 'Stop'
# A scheduler's log is a file: no colour codes in it.
if ([Console]::IsErrorRedirected -or [Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }
. (Join-Path $PSScriptRoot 'Support/Import-Isometry.ps1')

$rows = Find-CriticalLine -Activation $Activation -BiasStd $BiasStd -ErrorAction Continue -ErrorVariable failures
$rows | Export-Csv -LiteralPath $OutFile -NoTypeInformation -UseQuotes AsNeeded
'{4} {0} of {1} points to {2}; {3} failed.' -f @($rows).Count, (@($rows).Count + $failures.Count), $OutFile, $failures.Count, $(if ($WhatIfPreference) { 'Would save' } else { 'Saved' })
if ($failures.Count -gt 0) { exit 1 }
