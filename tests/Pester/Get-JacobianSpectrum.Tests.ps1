# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Get-JacobianSpectrum' {
    It 'sweeps depths from the pipeline with critical defaults' {
        $rows = 1..20 | Get-JacobianSpectrum -Init Orthogonal
        $rows.Count | Should -Be 20
        foreach ($r in $rows) {
            $r.Mean | Should -BeApproximately 1 -Tolerance 1e-12
            $r.Variance | Should -BeApproximately 0 -Tolerance 1e-12
        }
    }

    It 'linear Gaussian moments are Fuss-Catalan at L = <L>' -ForEach @(@{ L = 2 }, @{ L = 5 }) {
        $m = Get-JacobianSpectrum -Depth $L -Activation Linear | Measure-SpectralMoment -Order 3
        $m.M2 | Should -BeApproximately (1 + $L) -Tolerance 1e-10
        $m.M3 | Should -BeApproximately ((3 * $L + 3) * (3 * $L + 2) / 6) -Tolerance 1e-9   # binom(3L+3, 3)/(3L+1)
    }

    It 'critical HardTanh variance is L(1 - p)/p (orthogonal) and L/p (Gaussian)' {
        $point = Find-CriticalLine -Activation HardTanh -BiasStd 0.1
        $p = $point.LinearFraction
        ($point | Get-JacobianSpectrum -Depth 50 -Init Orthogonal).Variance | Should -BeApproximately (50 * (1 - $p) / $p) -Tolerance 1e-8
        ($point | Get-JacobianSpectrum -Depth 50 -Init Gaussian).Variance | Should -BeApproximately (50 / $p) -Tolerance 1e-8
    }

    It 'the density and the atoms carry mass 1' {
        $s = Get-JacobianSpectrum -Depth 30 -Activation ReLU -Init Gaussian
        ($s.ZeroAtomMass + $s.ContinuousMass) | Should -BeApproximately 1 -Tolerance 1e-5
    }

    It 'critical <Activation> at BiasStd 0.3 has a density of mass 1 and exact moments' -ForEach @(@{ Activation = 'Tanh' }, @{ Activation = 'Erf' }) {
        $s = Find-CriticalLine -Activation $Activation -BiasStd 0.3 | Get-JacobianSpectrum -Depth 20 -Init Orthogonal
        $s.HasDensity | Should -BeTrue
        $s.ContinuousMass | Should -BeApproximately 1 -Tolerance 1e-5
        $m1 = 0.0; foreach ($x in $s.Density) { $m1 += $x.Weight * $x.Value * $x.Lambda }
        $m1 | Should -BeApproximately $s.Mean -Tolerance 1e-5
    }

    It 'keeps the row with exact moments when the density cannot be resolved, after a SpectrumNotConverged error' {
        $s = Get-JacobianSpectrum -Activation Tanh -WeightStd 1.927 -BiasStd 1.139 -Depth 1000000 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SpectrumNotConverged,Isometry.Cmdlets.GetJacobianSpectrumCommand'
        $s.HasDensity | Should -BeFalse
        $s.DensityError | Should -Not -BeNullOrEmpty
    }

    It 'exported density rows add up to ContinuousMass, the mass below the grid included (<Name>)' -ForEach @(
        @{ Name = 'Tanh orthogonal L=50'; Make = { Find-CriticalLine -Activation Tanh -BiasStd 0.3 | Get-JacobianSpectrum -Depth 50 -Init Orthogonal } }
        @{ Name = 'HardTanh orthogonal L=100'; Make = { Get-JacobianSpectrum -Depth 100 -Activation HardTanh -BiasStd 0.1 -Init Orthogonal } }
        @{ Name = 'ReLU Gaussian L=10'; Make = { Get-JacobianSpectrum -Depth 10 -Activation ReLU -Init Gaussian } }
    ) {
        $s = & $Make
        $csv = Join-Path $TestDrive 'density.csv'
        $s.Density | Export-Csv -LiteralPath $csv
        $total = 0.0; $below = 0.0
        foreach ($row in Import-Csv -LiteralPath $csv) {
            $mass = [double]::Parse($row.Weight, [cultureinfo]::InvariantCulture) * [double]::Parse($row.Value, [cultureinfo]::InvariantCulture)
            $total += $mass
            if ($row.Region -eq 'BelowGrid') { $below += $mass }
        }
        $total | Should -BeApproximately $s.ContinuousMass -Tolerance 1e-12
        $below | Should -BeApproximately $s.MassBelowGrid -Tolerance 1e-12
        $s.ZeroAtomMass + $s.ContinuousMass + [double] $s.AtomMass | Should -BeApproximately 1 -Tolerance 1e-5
    }

    It 'answers what fraction of squared singular values lies below epsilon, and its quantiles' {
        # Tanh, BiasStd 0.3, orthogonal, depth 50: a sampled network puts about 42 % of its squared singular values
        # below 6.5e-11 (N = 400 in the engine tests); the theory's distribution function agrees.
        $s = Find-CriticalLine -Activation Tanh -BiasStd 0.3 | Get-JacobianSpectrum -Depth 50 -Init Orthogonal
        $s.MassBelowGrid | Should -BeGreaterThan 0.4
        $s.FractionBelow(6.5e-11) | Should -BeGreaterThan 0.40
        $s.FractionBelow(6.5e-11) | Should -BeLessThan 0.43
        $median = $s.Quantile(0.5)
        $s.FractionBelow($median) | Should -BeApproximately 0.5 -Tolerance 1e-9
        # ReLU with Gaussian weights: half the units are off, an atom of mass 1/2 at 0.
        (Get-JacobianSpectrum -Depth 10 -Activation ReLU).Quantile(0.25) | Should -Be 0
    }

    It 'shows the largest eigenvalue, atoms included' {
        $s = Find-CriticalLine -Activation HardTanh -BiasStd 0.02 | Get-JacobianSpectrum -Depth 100 -Init Orthogonal
        $s.AtomMass | Should -BeGreaterThan 0.6
        $s.MaxEigenvalue | Should -Be $s.AtomLambda
        $s.MaxEigenvalue | Should -BeGreaterThan $s.LambdaMax
        # sw^(2L): the directions unsaturated through every layer keep the squared gain of the weights.
        $s.AtomLambda | Should -BeApproximately ([math]::Pow($s.WeightStd, 200)) -Tolerance 1e-9
        foreach ($r in 1..200 | Get-JacobianSpectrum -Init Orthogonal) { $r.MaxEigenvalue | Should -Be 1 }
        (Get-JacobianSpectrum -Depth 100 -Activation HardTanh -BiasStd 0.1 -Init Orthogonal | Out-String -Width 120) | Should -Match 'MaxEigenvalue'
    }

    It 'reports overflowing moments in log form, never NaN' {
        $o = Get-JacobianSpectrum -Activation Linear -WeightStd 3 -Init Orthogonal -Depth 1000
        [double]::IsPositiveInfinity($o.Mean) | Should -BeTrue
        $o.Log10Mean | Should -BeApproximately (1000 * [math]::Log10(9)) -Tolerance 1e-10
        $o.Variance | Should -Be 0                       # an orthogonal linear network is an exact (scaled) isometry
        $o.Log10Variance | Should -BeNullOrEmpty
        $g = Get-JacobianSpectrum -Activation Linear -WeightStd 3 -Init Gaussian -Depth 1000
        # Fuss-Catalan: m_2 / m_1^2 = 1 + L, so Variance = m_1^2 L.
        $g.Log10Variance | Should -BeApproximately (2000 * [math]::Log10(9) + 3) -Tolerance 1e-9
        [double]::IsNaN($g.Variance) | Should -BeFalse
        $u = Get-JacobianSpectrum -Activation ReLU -WeightStd 1 -Depth 2000
        $u.Mean | Should -Be 0                           # (1/2)^2000 underflows; the log keeps it
        $u.Log10Mean | Should -BeApproximately (2000 * [math]::Log10(0.5)) -Tolerance 1e-10
    }

    It 'writes NoCriticalPoint for ReLU with a bias and no WeightStd' {
        { Get-JacobianSpectrum -Activation ReLU -BiasStd 0.1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoCriticalPoint,Isometry.Cmdlets.GetJacobianSpectrumCommand'
    }

    It 'has help with at least two examples' {
        (Get-Help Get-JacobianSpectrum -Examples).examples.example.Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'Get-JacobianSpectrum -Width (sampled networks)' {
    It 'an orthogonal linear network scales every direction by WeightStd^(2L)' {
        $s = Get-JacobianSpectrum -Activation Linear -Init Orthogonal -WeightStd 1.1 -Depth 10 -Width 50
        $s.Method | Should -Be 'Sampled'
        $s.Eigenvalues.Count | Should -Be 50
        foreach ($x in $s.Eigenvalues) { $x | Should -BeApproximately ([math]::Pow(1.1, 20)) -Tolerance (1e-10 * [math]::Pow(1.1, 20)) }
        $s.Variance | Should -BeLessThan (1e-12 * $s.Mean * $s.Mean)   # rounding only
        $s.ZeroAtomMass | Should -Be 0
    }

    It 'is a pure function of its seed, and pools -Networks' {
        $a = Get-JacobianSpectrum -Activation Tanh -BiasStd 0.1 -Depth 4 -Width 30 -Seed 7 -Networks 2
        $b = Get-JacobianSpectrum -Activation Tanh -BiasStd 0.1 -Depth 4 -Width 30 -Seed 7 -Networks 2
        $c = Get-JacobianSpectrum -Activation Tanh -BiasStd 0.1 -Depth 4 -Width 30 -Seed 8 -Networks 2
        $a.Eigenvalues.Count | Should -Be 60
        ($a.Eigenvalues -join ',') | Should -BeExactly ($b.Eigenvalues -join ',')
        ($a.Eigenvalues -join ',') | Should -Not -Be ($c.Eigenvalues -join ',')
        # A depth-2 network is the first two layers of the depth-4 one, so one pass gives both depths.
        $sweep = Get-JacobianSpectrum -Activation Tanh -BiasStd 0.1 -Depth 4, 2 -Width 30 -Seed 7 -Networks 2
        $two = Get-JacobianSpectrum -Activation Tanh -BiasStd 0.1 -Depth 2 -Width 30 -Seed 7 -Networks 2
        $sweep.Depth | Should -Be @(4, 2)
        ($sweep[0].Eigenvalues -join ',') | Should -BeExactly ($a.Eigenvalues -join ',')
        ($sweep[1].Eigenvalues -join ',') | Should -BeExactly ($two.Eigenvalues -join ',')
    }

    It 'says which backend ran, and the managed fallback gives the same spectrum' {
        $s = Get-JacobianSpectrum -Activation Linear -Init Gaussian -WeightStd 1 -Depth 3 -Width 40 -Seed 3
        if ($env:CI -eq 'true') { $s.Backend | Should -BeLike 'OpenBLAS*' }
        $script = "Import-Module '$((Get-BuiltModuleManifest) -replace "'", "''")'; " +
            "(Get-JacobianSpectrum -Activation Linear -Init Gaussian -WeightStd 1 -Depth 3 -Width 40 -Seed 3 | ForEach-Object { `$_.Backend; `$_.LogEigenvalues -join ',' })"
        $run = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $script -Environment @{ ISOMETRY_BACKEND = 'Managed' }
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $lines = $run.StdOut -split "`r?`n" | Where-Object { $_ }
        $lines[0] | Should -Be 'Managed'
        $managed = $lines[1] -split ',' | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) }
        for ($i = 0; $i -lt 40; $i++) { $managed[$i] | Should -BeApproximately $s.LogEigenvalues[$i] -Tolerance 1e-9 }
    }

    It 'keeps values below the double range in LogEigenvalues and counts them' {
        # Gaussian linear, N = 20, L = 300: the smallest squared singular values fall near e^-1300.
        $s = Get-JacobianSpectrum -Activation Linear -WeightStd 1 -Depth 300 -Width 20
        $s.EigenvaluesBelowDoubleRange | Should -BeGreaterThan 0
        $s.ZeroAtomMass | Should -Be 0
        $s.LogEigenvalues[0] | Should -BeLessThan -745
        [double]::IsNegativeInfinity($s.LogEigenvalues[0]) | Should -BeFalse
        $s.Eigenvalues[0] | Should -Be 0
    }

    It 'measures sampled moments and answers FractionBelow from the sample' {
        $s = Get-JacobianSpectrum -Activation ReLU -Depth 3 -Width 100 -Seed 2
        $m = $s | Measure-SpectralMoment -Order 2
        $m.Source | Should -Be 'Sample'
        $m.Count | Should -Be 100
        $m.M1 | Should -BeApproximately $s.Mean -Tolerance 1e-12
        $s.FractionBelow(0) | Should -Be $s.ZeroAtomMass
        $s.FractionBelow($s.MaxEigenvalue) | Should -Be 1
    }

    It 'stops within a second on Ctrl+C' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$((Get-BuiltModuleManifest) -replace "'", "''")'; Get-JacobianSpectrum -Activation Tanh -Depth 1000 -Width 300 -Networks 10")
        $handle = $ps.BeginInvoke()
        Start-Sleep -Milliseconds 1500
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 1.0
        $handle.IsCompleted | Should -BeTrue
        $ps.Dispose()
    }

    It 'gives depths piped one by one on every core the serial numbers, in the serial order' {
        $serial = 1..12 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 -DensityPoints 64 -ThrottleLimit 1
        $parallel = 1..12 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.1 -DensityPoints 64
        $array = Get-JacobianSpectrum -Depth (1..12) -Init Orthogonal -Activation Tanh -BiasStd 0.1 -DensityPoints 64 -ThrottleLimit 2
        foreach ($rows in $parallel, $array) {
            $rows.Count | Should -Be 12
            for ($i = 0; $i -lt 12; $i++) {
                $rows[$i].Depth | Should -Be ($i + 1)
                foreach ($p in 'Mean', 'Variance', 'LambdaMax', 'LambdaMin', 'ContinuousMass') { $rows[$i].$p.Equals($serial[$i].$p) | Should -BeTrue -Because "$p at depth $($i + 1)" }
                $rows[$i].Density.Count | Should -Be $serial[$i].Density.Count
                for ($k = 0; $k -lt $rows[$i].Density.Count; $k++) { $rows[$i].Density[$k].Value.Equals($serial[$i].Density[$k].Value) | Should -BeTrue }
            }
        }
    }
}
