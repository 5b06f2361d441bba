# One task of a Slurm job array, or the merge after it: a Tanh (WeightStd, BiasStd) map of q*, chi and the depth scales,
# split into shards by the array (Get-FixedPoint -ShardFromSlurm), each shard written atomically (Export-IsometryCsv
# writes a temporary file and renames it: a killed task leaves no half-written shard), merged back in the serial order.
#   sbatch --array=0-3 examples/Slurm/sweep.sbatch shards        (each task: this script, its shard)
#   sbatch --dependency=afterok:<job> examples/Slurm/merge.sbatch shards   (this script -Merge)
# examples/Slurm/submit.sh does both. Without Slurm: -Shard i/n by hand, for example
#   dotnet pwsh -File examples/Slurm/SlurmSweep.ps1 -Shard 2/4
[CmdletBinding(SupportsShouldProcess)]
param(
    [string] $OutputFolder = 'shards',
    [switch] $Merge,
    [string] $Shard,
    [int] $Points = 40,
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
if ([Console]::IsErrorRedirected -or [Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }
. (Join-Path $PSScriptRoot '../Support/Import-Isometry.ps1')
if ($Quick) { $Points = 8 }
$null = New-Item -ItemType Directory -Path $OutputFolder -Force

if ($Merge) {
    $target = Join-Path $OutputFolder 'merged.csv'
    Merge-IsometryResult (Join-Path $OutputFolder 'shard-*.csv') | Export-IsometryCsv $target -Force
    "Merged the shards of $OutputFolder into $target."
    return
}

# The sweep: Points x Points/2 settings, the same in every task; only the shard differs.
$weightStd = 1..$Points | ForEach-Object { 0.5 + 3.5 * $_ / $Points }
$biasStd = 1..($Points / 2) | ForEach-Object { $_ / ($Points / 2) }
$sharding = if ($Shard) { @{ Shard = $Shard } } else { @{ ShardFromSlurm = $true } }
$rows = @(Get-FixedPoint -Activation Tanh -WeightStd $weightStd -BiasStd $biasStd @sharding -ErrorAction Continue -ErrorVariable failures)
$name = if ($Shard) { $Shard -replace '/', '-of-' } else { $env:SLURM_ARRAY_TASK_ID }
$file = Join-Path $OutputFolder "shard-$name.csv"
if ($rows.Count -gt 0) { $rows | Export-IsometryCsv $file -Force }
'{0} points of shard {1} to {2}; {3} failed.' -f $rows.Count, $(if ($rows.Count) { $rows[0].Shard } else { $name }), $file, $failures.Count
if ($failures.Count -gt 0) { exit 1 }
