# Pester 5, run by ./build.ps1 -Task Test in a child pwsh. PowerShell remoting over SSH: a private sshd on 127.0.0.1 at a
# free high port (throwaway host and user keys, its own authorized keys, a powershell subsystem that runs this same pwsh),
# shards fanned out with Invoke-Command, the Deserialized rows merged back equal to the serial run, bit for bit, and shown
# with the module's views. The sshd is stopped by its process id when the test ends, also on failure. Skipped, with the
# reason, where sshd cannot start; under CI (.ci/run installs openssh-server) that is a failure.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Shards over PowerShell remoting (SSH)' {
    BeforeAll {
        $script:sshdPid = $null
        $script:session = $null
        $script:unavailable = $null
        foreach ($tool in '/usr/sbin/sshd', '/usr/bin/ssh', '/usr/bin/ssh-keygen') {
            if (-not (Test-Path $tool)) { $script:unavailable = "$tool is not installed (Debian: apt-get install openssh-server openssh-client)"; return }
        }
        if ((id -u) -ne '0') { $script:unavailable = 'the test logs in as root over a private sshd, which needs root to switch users'; return }
        $script:folder = Join-Path ([IO.Path]::GetTempPath()) ("isometry-ssh-" + [Guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $folder
        ssh-keygen -q -t ed25519 -N '' -f (Join-Path $folder 'host_key')
        ssh-keygen -q -t ed25519 -N '' -f (Join-Path $folder 'user_key')
        Copy-Item (Join-Path $folder 'user_key.pub') (Join-Path $folder 'authorized_keys')
        $pwsh = Get-PwshCommand
        $subsystem = (@($pwsh.FilePath) + $pwsh.Prefix + '-sshs', '-NoLogo', '-NoProfile') -join ' '
        $port = 0
        for ($try = 0; $try -lt 50 -and -not $port; $try++) {
            $candidate = Get-Random -Minimum 20000 -Maximum 60000
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $candidate)
            try { $listener.Start(); $port = $candidate } catch { } finally { $listener.Stop() }
        }
        @"
Port $port
ListenAddress 127.0.0.1
HostKey $folder/host_key
PidFile $folder/sshd.pid
AuthorizedKeysFile $folder/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
Subsystem powershell $subsystem
"@ | Set-Content -LiteralPath (Join-Path $folder 'sshd_config')
        # sshd's privilege separation needs its runtime folder (normally made by the service unit).
        $null = New-Item -ItemType Directory -Path '/run/sshd' -Force
        $out = /usr/sbin/sshd -f (Join-Path $folder 'sshd_config') -E (Join-Path $folder 'sshd.log') 2>&1
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ([DateTime]::UtcNow -lt $deadline -and -not (Test-Path (Join-Path $folder 'sshd.pid'))) { Start-Sleep -Milliseconds 100 }
        if (-not (Test-Path (Join-Path $folder 'sshd.pid'))) {
            $script:unavailable = "the private sshd did not start: $out $((Get-Content (Join-Path $folder 'sshd.log') -ErrorAction SilentlyContinue) -join ' | ')"
            return
        }
        $script:sshdPid = [int](Get-Content (Join-Path $folder 'sshd.pid') -Raw).Trim()
        $script:session = New-PSSession -HostName 127.0.0.1 -Port $port -UserName root -KeyFilePath (Join-Path $folder 'user_key') `
            -Options @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' } -ErrorAction Stop
    }

    AfterAll {
        if ($session) { Remove-PSSession $session -ErrorAction SilentlyContinue }
        if ($sshdPid) {
            kill -TERM $sshdPid 2>$null
            Start-Sleep -Milliseconds 200
            Stop-Process -Id $sshdPid -Force -ErrorAction SilentlyContinue
        }
        if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'fans shards out with Invoke-Command and merges the Deserialized rows into the serial run, bit for bit' {
        if ($unavailable) { Skip-Unavailable -Because $unavailable; return }
        $manifest = Get-BuiltModuleManifest
        $sweep = @{ Activation = 'Tanh', 'ReLU'; WeightStd = 0.9, 1.4, 2.2, 3.1; BiasStd = 0.05, 0.5 }
        # The same session runs the three shards one after another; on a cluster each would be a session of its own.
        $remote = foreach ($i in 1..3) {
            Invoke-Command -Session $session -ScriptBlock {
                Import-Module $using:manifest
                $p = $using:sweep
                Get-FixedPoint @p -Shard "$($using:i)/3"
            }
        }
        $remote[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.Isometry.MeanField.MeanFieldState'
        # The module's view applies to the Deserialized rows: QStar with its digits, not a bare 0.80.
        ($remote | Select-Object -First 2 | Format-Table | Out-String -Width 120) | Should -Match 'DepthScaleQ'
        $merged = @($remote | Merge-IsometryResult)
        $serial = @(Get-FixedPoint @sweep)
        $merged.Count | Should -Be $serial.Count
        for ($k = 0; $k -lt $serial.Count; $k++) {
            $merged[$k] | Should -BeOfType ([Isometry.MeanField.MeanFieldState])
            foreach ($p in 'Activation', 'WeightStd', 'BiasStd', 'QStar', 'Chi', 'Slope', 'Regime', 'DepthScaleQ', 'DepthScaleC', 'CStar', 'LinearFraction', 'IsStable') {
                if ($null -eq $serial[$k].$p) { $merged[$k].$p | Should -BeNullOrEmpty } else { $merged[$k].$p.Equals($serial[$k].$p) | Should -BeTrue -Because "$p of row $k" }
            }
        }
        # And byte for byte once exported, as the Slurm shards are.
        $a = Join-Path $TestDrive 'serial.csv'; $b = Join-Path $TestDrive 'merged.csv'
        $serial | Export-IsometryCsv $a
        $merged | Export-IsometryCsv $b
        [IO.File]::ReadAllBytes($b) | Should -Be ([IO.File]::ReadAllBytes($a))
    }

    It 'brings spectra back with their density rows and merges them bit for bit' {
        if ($unavailable) { Skip-Unavailable -Because $unavailable; return }
        $manifest = Get-BuiltModuleManifest
        $remote = foreach ($i in 1..2) {
            Invoke-Command -Session $session -ScriptBlock {
                Import-Module $using:manifest
                2, 6 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 -DensityPoints 24 -Shard "$($using:i)/2"
            }
        }
        @($remote[0].Density)[1].Lambda | Should -BeOfType ([double])
        $a = Join-Path $TestDrive 'spectra-serial.csv'; $b = Join-Path $TestDrive 'spectra-merged.csv'
        2, 6 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 -DensityPoints 24 | Export-IsometryCsv $a
        $remote | Merge-IsometryResult | Export-IsometryCsv $b
        [IO.File]::ReadAllBytes(($b -replace 'csv$', 'Density.csv')) | Should -Be ([IO.File]::ReadAllBytes(($a -replace 'csv$', 'Density.csv')))
        [IO.File]::ReadAllBytes($b) | Should -Be ([IO.File]::ReadAllBytes($a))
    }

    It 'names a shard missing from the remote rows' {
        if ($unavailable) { Skip-Unavailable -Because $unavailable; return }
        $manifest = Get-BuiltModuleManifest
        $rows = Invoke-Command -Session $session -ScriptBlock { Import-Module $using:manifest; Get-FixedPoint -WeightStd 1, 2, 3 -Shard 1/2 }
        { $rows | Merge-IsometryResult } | Should -Throw -ErrorId 'MissingShard,Isometry.Cmdlets.MergeIsometryResultCommand' -ExpectedMessage '*2/2*'
    }
}
