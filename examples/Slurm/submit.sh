#!/bin/bash
# Submits the sweep as a 4-task job array and the merge as a job that runs once all of them succeeded.
#   bash examples/Slurm/submit.sh [output folder] [tasks] [points]
set -euo pipefail
cd "$(dirname "$0")/../.."
folder="${1:-shards}" tasks="${2:-4}" points="${3:-}"
array=$(sbatch --parsable --array=0-$((tasks - 1)) --chdir="$PWD" examples/Slurm/sweep.sbatch "$folder" $points)
merge=$(sbatch --parsable --dependency=afterok:"$array" --chdir="$PWD" examples/Slurm/merge.sbatch "$folder")
echo "array job $array, merge job $merge: the merged result will be $folder/merged.csv"
