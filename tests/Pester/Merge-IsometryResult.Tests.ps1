# Pester 5, run by ./build.ps1 -Task Test in a child pwsh. Shards of every sweeping cmdlet, exported, merged back: the
# merge must equal the serial run's export byte for byte (every double, null and array), and name what is missing.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force

    # Runs $Sweep serially and as $Count shards (each exported), merges the shards and compares every file byte for byte.
    function Assert-MergeEqualsSerial([scriptblock] $Sweep, [int] $Count, [string] $Folder) {
        $null = New-Item -ItemType Directory -Path $Folder -Force
        & $Sweep $null | Export-IsometryCsv (Join-Path $Folder 'serial.csv')
        $points = [System.Collections.Generic.List[long]]::new()
        foreach ($i in 1..$Count) {
            $rows = @(& $Sweep "$i/$Count")
            $rows | ForEach-Object { $_.Shard | Should -Be "$i/$Count"; $points.Add($_.SweepPoint) }
            if ($rows.Count) { $rows | Export-IsometryCsv (Join-Path $Folder "shard$i.csv") }
        }
        Merge-IsometryResult (Join-Path $Folder 'shard*.csv') | Export-IsometryCsv (Join-Path $Folder 'merged.csv')
        foreach ($serial in Get-ChildItem (Join-Path $Folder 'serial.*csv')) {
            $merged = Join-Path $Folder ($serial.Name -replace '^serial', 'merged')
            [IO.File]::ReadAllBytes($merged) | Should -Be ([IO.File]::ReadAllBytes($serial.FullName)) -Because "$($serial.Name) merged from $Count shards"
        }
        $points
    }
}

Describe 'Merge-IsometryResult' {
    It 'merges Get-FixedPoint shards into the serial export, each point in exactly one shard' {
        $points = Assert-MergeEqualsSerial -Count 3 -Folder (Join-Path $TestDrive 'fp') -Sweep {
            param($shard)
            $p = @{ Activation = 'Tanh', 'ReLU', 'SiLU'; WeightStd = 0.8, 1.3, 2.2, 4; BiasStd = 0.1, 0.6 }
            if ($shard) { Get-FixedPoint @p -Shard $shard } else { Get-FixedPoint @p }
        }
        ($points | Sort-Object) | Should -Be (0..23)
    }

    It 'merges shards saved as <Format> into the serial run, bit for bit' -ForEach @(
        @{ Format = 'JSON'; Extension = 'json' }, @{ Format = 'workbooks'; Extension = 'xlsx' }
    ) {
        $folder = Join-Path $TestDrive "fmt-$Extension"
        $null = New-Item -ItemType Directory -Path $folder -Force
        $p = @{ Activation = 'Tanh', 'ReLU'; WeightStd = 0.8, 1.3, 4; BiasStd = 0.1, 0.6 }
        Get-FixedPoint @p | Export-IsometryCsv (Join-Path $folder 'serial.csv')
        foreach ($i in 1..3) {
            $rows = Get-FixedPoint @p -Shard "$i/3"
            $file = Join-Path $folder "shard$i.$Extension"
            if ($Extension -eq 'json') { $rows | Export-IsometryJson $file } else { $rows | Export-IsometryWorkbook $file }
        }
        Merge-IsometryResult (Join-Path $folder "shard*.$Extension") | Export-IsometryCsv (Join-Path $folder 'merged.csv')
        [IO.File]::ReadAllBytes((Join-Path $folder 'merged.csv')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $folder 'serial.csv')))
        Remove-Item (Join-Path $folder "shard2.$Extension")
        { Merge-IsometryResult (Join-Path $folder "shard*.$Extension") -ErrorAction Stop } | Should -Throw -ErrorId 'MissingShard,Isometry.Cmdlets.MergeIsometryResultCommand'
    }

    It 'merges spectra that went through PowerShell serialization (remoting, jobs) with their density rows, bit for bit' {
        # PSSerializer at its default depth of 1, as remoting and jobs serialize: the module's types file asks depth 2 for
        # spectra, so every density row comes back as an object with its numbers, not as text.
        $rows = foreach ($i in 1..2) {
            foreach ($s in (2, 5, 9 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 -DensityPoints 32 -Shard "$i/2")) {
                [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($s))
            }
        }
        $rows[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.Isometry.FreeProbability.JacobianSpectrum'
        @($rows[0].Density)[1].Lambda | Should -BeOfType ([double])
        $folder = Join-Path $TestDrive 'serialized'
        $null = New-Item -ItemType Directory -Path $folder
        2, 5, 9 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 -DensityPoints 32 | Export-IsometryCsv (Join-Path $folder 'serial.csv')
        $rows | Merge-IsometryResult | Export-IsometryCsv (Join-Path $folder 'merged.csv')
        foreach ($name in 'csv', 'Density.csv') {
            [IO.File]::ReadAllBytes((Join-Path $folder "merged.$name")) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $folder "serial.$name"))) -Because $name
        }
    }

    It 'merges Find-CriticalLine and Get-LengthMap shards into the serial export' {
        $points = Assert-MergeEqualsSerial -Count 2 -Folder (Join-Path $TestDrive 'cl') -Sweep {
            param($shard)
            if ($shard) { Find-CriticalLine -Activation Tanh, HardTanh -BiasStd 0, 0.2, 0.5 -Shard $shard } else { Find-CriticalLine -Activation Tanh, HardTanh -BiasStd 0, 0.2, 0.5 }
        }
        ($points | Sort-Object) | Should -Be (0..5)
        $points = Assert-MergeEqualsSerial -Count 4 -Folder (Join-Path $TestDrive 'lm') -Sweep {
            param($shard)
            if ($shard) { Get-LengthMap -Activation Erf -WeightStd 1.5 -Points 9 -Shard $shard } else { Get-LengthMap -Activation Erf -WeightStd 1.5 -Points 9 }
        }
        ($points | Sort-Object) | Should -Be (0..8)
    }

    It 'merges theory spectra piped depth by depth, with their densities, into the serial export' {
        $points = Assert-MergeEqualsSerial -Count 3 -Folder (Join-Path $TestDrive 'js') -Sweep {
            param($shard)
            $p = @{ Init = 'Gaussian', 'Orthogonal'; Activation = 'Tanh'; BiasStd = 0.1; DensityPoints = 32 }
            if ($shard) { 1..5 | Get-JacobianSpectrum @p -Shard $shard } else { 1..5 | Get-JacobianSpectrum @p }
        }
        ($points | Sort-Object) | Should -Be (0..9)
    }

    It 'merges sampled spectra, with their eigenvalues, into the serial export; a shard re-run draws the same networks' {
        $sweep = {
            param($shard)
            $p = @{ Depth = 2, 6; Init = 'Gaussian', 'Orthogonal'; Activation = 'Tanh', 'ReLU'; WeightStd = 1.3; BiasStd = 0.1; Width = 24; Networks = 2; Seed = 7 }
            if ($shard) { Get-JacobianSpectrum @p -Shard $shard } else { Get-JacobianSpectrum @p }
        }
        $points = Assert-MergeEqualsSerial -Count 3 -Folder (Join-Path $TestDrive 'sj') -Sweep $sweep
        # Four points (activation x init), each with both depths: every point twice, in one shard only.
        ($points | Sort-Object) | Should -Be (0, 0, 1, 1, 2, 2, 3, 3)
        $again = & $sweep '2/3'
        $first = & $sweep '2/3'
        $again.Eigenvalues.Count | Should -Be $first.Eigenvalues.Count
        for ($k = 0; $k -lt $first.Count; $k++) { [double[]]$again[$k].Eigenvalues | Should -Be ([double[]]$first[$k].Eigenvalues) }
    }

    It 'takes the shard of a Slurm array task from its environment' {
        $saved = 'SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT', 'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_MAX' | ForEach-Object { @{ Name = $_; Value = [Environment]::GetEnvironmentVariable($_) } }
        try {
            $env:SLURM_ARRAY_TASK_ID = 5; $env:SLURM_ARRAY_TASK_COUNT = 4; $env:SLURM_ARRAY_TASK_MIN = 3; $env:SLURM_ARRAY_TASK_MAX = 6
            $rows = Get-FixedPoint -WeightStd (1..8) -ShardFromSlurm
            $rows.WeightStd | Should -Be 3, 7
            $rows.Shard | Should -Be '3/4', '3/4'
        }
        finally { foreach ($s in $saved) { [Environment]::SetEnvironmentVariable($s.Name, $s.Value) } }
    }

    It 'stops -ShardFromSlurm outside a job array, and a malformed -Shard, with what to do' {
        $saved = $env:SLURM_ARRAY_TASK_ID
        try {
            $env:SLURM_ARRAY_TASK_ID = $null
            { Get-FixedPoint -ShardFromSlurm -ErrorAction Stop } | Should -Throw -ErrorId 'NotInSlurmArray,Isometry.Cmdlets.GetFixedPointCommand' -ExpectedMessage '*sbatch --array*'
        }
        finally { $env:SLURM_ARRAY_TASK_ID = $saved }
        { Get-FixedPoint -Shard 4/3 } | Should -Throw -ExpectedMessage "*'4/3' is not a shard: write i/n with 1 <= i <= n*"
        { Get-FixedPoint -Shard 'half' } | Should -Throw -ExpectedMessage "*'half' is not a shard*"
        { Get-FixedPoint -Shard 1/2 -ShardFromSlurm -ErrorAction Stop } | Should -Throw -ErrorId 'ShardTwice,Isometry.Cmdlets.GetFixedPointCommand'
    }

    It 'names a missing shard, a doubled one, and a file that is not a shard, and merges nothing' {
        $folder = Join-Path $TestDrive 'bad'
        $null = New-Item -ItemType Directory -Path $folder
        foreach ($i in 1..3) { Get-FixedPoint -WeightStd 1, 2, 3, 4, 5, 6 -Shard "$i/3" | Export-IsometryCsv (Join-Path $folder "s$i.csv") }
        Get-FixedPoint -WeightStd 1, 2 | Export-IsometryCsv (Join-Path $folder 'plain.csv')
        { Merge-IsometryResult (Join-Path $folder 's1.csv'), (Join-Path $folder 's3.csv') } |
            Should -Throw -ErrorId 'MissingShard,Isometry.Cmdlets.MergeIsometryResultCommand' -ExpectedMessage '*Shard 2/3 of 3 is missing*'
        Copy-Item (Join-Path $folder 's1.csv') (Join-Path $folder 'copy.csv'); Copy-Item (Join-Path $folder 's1.provenance.json') (Join-Path $folder 'copy.provenance.json')
        { Merge-IsometryResult (Join-Path $folder 's?.csv'), (Join-Path $folder 'copy.csv') } |
            Should -Throw -ErrorId 'DoubledShard,Isometry.Cmdlets.MergeIsometryResultCommand' -ExpectedMessage '*1/3 is in*copy.csv*'
        { Merge-IsometryResult (Join-Path $folder 'plain.csv') } | Should -Throw -ErrorId 'NotAShard,Isometry.Cmdlets.MergeIsometryResultCommand'
        { Merge-IsometryResult (Join-Path $folder 'none.csv') } | Should -Throw -ErrorId 'ShardFileNotFound,Isometry.Cmdlets.MergeIsometryResultCommand'
        @(Merge-IsometryResult (Join-Path $folder 's?.csv')).WeightStd | Should -Be 1, 2, 3, 4, 5, 6
    }

    It 'has help with examples' {
        (Get-Help Merge-IsometryResult -Examples).examples.example.Count | Should -BeGreaterOrEqual 2
    }
}
