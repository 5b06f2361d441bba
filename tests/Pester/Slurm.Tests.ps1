# Pester 5, run by ./build.ps1 -Task Test in a child pwsh. A real single-node Slurm (munged, slurmctld, slurmd) with a
# private configuration, state and ports on 127.0.0.1 in a temporary folder, never the machine's own: the example job
# array sweeps its shards, a dependent job merges them, and the merge equals the serial run byte for byte. Every daemon
# started is stopped by its process id when the test ends, also on failure. Skipped, with the reason, where Slurm cannot
# start (not installed, not root); under CI (.ci/run installs slurm-wlm and munge) that is a failure.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    function Get-FreePort {
        # Two adjacent ports above 20000 that nothing listens on.
        for ($try = 0; $try -lt 50; $try++) {
            $port = Get-Random -Minimum 20000 -Maximum 60000
            $free = $true
            foreach ($p in $port, ($port + 1)) {
                $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $p)
                try { $listener.Start() } catch { $free = $false } finally { $listener.Stop() }
            }
            if ($free) { return $port }
        }
        throw 'No free port pair found.'
    }

    # Why Slurm cannot run here, or $null.
    function Get-SlurmUnavailable {
        foreach ($tool in '/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/squeue', '/usr/bin/sinfo') {
            if (-not (Test-Path $tool)) { return "$tool is not installed (Debian: apt-get install slurm-wlm munge)" }
        }
        if ((id -u) -ne '0') { return 'a private single-node Slurm runs its daemons as root here (SlurmUser=root)' }
        return $null
    }
}

Describe 'A Slurm job array of shards' {
    BeforeAll {
        $script:unavailable = Get-SlurmUnavailable
        $script:daemons = @()
        if ($unavailable) { return }
        $script:folder = Join-Path ([IO.Path]::GetTempPath()) ("isometry-slurm-" + [Guid]::NewGuid().ToString('N').Substring(0, 8))
        foreach ($sub in 'state', 'spool', 'log', 'shards') { $null = New-Item -ItemType Directory -Path (Join-Path $folder $sub) -Force }
        $key = Join-Path $folder 'munge.key'
        [IO.File]::WriteAllBytes($key, [byte[]](1..1024 | ForEach-Object { Get-Random -Maximum 256 }))
        chmod 400 $key
        $socket = Join-Path $folder 'munge.socket'
        $port = Get-FreePort
        $hostName = (hostname).Trim()
        $script:conf = Join-Path $folder 'slurm.conf'
        @"
ClusterName=isometry-test
SlurmctldHost=$hostName(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$($port + 1)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$folder/state
SlurmdSpoolDir=$folder/spool
SlurmctldPidFile=$folder/slurmctld.pid
SlurmdPidFile=$folder/slurmd.pid
SlurmctldLogFile=$folder/log/slurmctld.log
SlurmdLogFile=$folder/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$hostName NodeAddr=127.0.0.1 CPUs=$([Environment]::ProcessorCount) State=UNKNOWN
PartitionName=test Nodes=$hostName Default=YES MaxTime=INFINITE State=UP
"@ | Set-Content -LiteralPath $conf
        $env:SLURM_CONF = $conf
        /usr/sbin/munged --force "--key-file=$key" "--socket=$socket" "--pid-file=$folder/munged.pid" "--log-file=$folder/log/munged.log" "--seed-file=$folder/munge.seed"
        /usr/sbin/slurmctld -f $conf
        /usr/sbin/slurmd -f $conf
        # The daemons write their pid files once they run; each is stopped by that id in AfterAll.
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ([DateTime]::UtcNow -lt $deadline) {
            $script:daemons = @('munged', 'slurmctld', 'slurmd' | ForEach-Object { Join-Path $folder "$_.pid" } | Where-Object { Test-Path $_ } |
                ForEach-Object { [int](Get-Content $_ -Raw).Trim() })
            if ($daemons.Count -eq 3 -and (sinfo -h -o '%t' 2>$null) -match 'idle') { break }
            Start-Sleep -Milliseconds 250
        }
        if (-not ((sinfo -h -o '%t' 2>$null) -match 'idle')) {
            $script:unavailable = "the private Slurm did not come up within 30 s: $((Get-Content (Join-Path $folder 'log/slurmctld.log') -Tail 3 -ErrorAction SilentlyContinue) -join ' | ')"
        }
    }

    AfterAll {
        if ($unavailable -and -not $daemons) { return }
        if ($conf) { scancel --full --quiet --user root 2>$null }
        # SIGTERM first, so slurmctld takes its slurmscriptd with it; whatever is left after 10 s is killed.
        foreach ($id in $daemons) { kill -TERM $id 2>$null }
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ([DateTime]::UtcNow -lt $deadline -and ($daemons | Where-Object { Get-Process -Id $_ -ErrorAction SilentlyContinue })) { Start-Sleep -Milliseconds 200 }
        foreach ($id in $daemons) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
        Write-Host "Stopped the private Slurm's daemons: $($daemons -join ', ')."
        Remove-Item Env:SLURM_CONF -ErrorAction SilentlyContinue
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'runs a 4-task array of the example sweep and a dependent merge equal to the serial run, byte for byte' {
        if ($unavailable) { Skip-Unavailable -Because $unavailable; return }
        $root = Get-RepositoryRoot
        $shards = Join-Path $folder 'shards'
        $submitted = bash (Join-Path $root 'examples/Slurm/submit.sh') $shards 4 8
        $LASTEXITCODE | Should -Be 0 -Because "$submitted"
        $deadline = [DateTime]::UtcNow.AddSeconds(240)
        while ([DateTime]::UtcNow -lt $deadline -and (squeue -h 2>$null)) { Start-Sleep -Seconds 1 }
        (squeue -h) | Should -BeNullOrEmpty -Because 'every job finishes within 4 minutes'
        $merged = Join-Path $shards 'merged.csv'
        $merged | Should -Exist -Because "the merge job ran after the array: $(Get-ChildItem $root -Filter 'slurm-*.out' | Get-Content -Tail 5)"
        @(Get-ChildItem $shards -Filter 'shard-*.csv' | Where-Object Name -Match '^shard-\d+\.csv$').Count | Should -Be 4
        # The serial run, here, of the same sweep the script makes with -Points 8.
        $serial = Join-Path $folder 'serial.csv'
        $weightStd = 1..8 | ForEach-Object { 0.5 + 3.5 * $_ / 8 }
        $biasStd = 1..4 | ForEach-Object { $_ / 4 }
        Get-FixedPoint -Activation Tanh -WeightStd $weightStd -BiasStd $biasStd | Export-IsometryCsv $serial
        [IO.File]::ReadAllBytes($merged) | Should -Be ([IO.File]::ReadAllBytes($serial))
        Get-ChildItem $root -Filter 'slurm-*.out' | Remove-Item -Force
    }
}
