# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
# The random-matrix warm-ups as users call them (closed forms and sampling bounds are in the xunit suite).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Get-EnsembleSpectrum' {
    It 'gives the laws'' exact moments (Catalan, Narayana) and one row per ratio' {
        $rows = Get-EnsembleSpectrum -Ensemble Wigner, MarchenkoPastur -Ratio 0.25, 4
        $rows.Count | Should -Be 3
        $rows[0].M4 | Should -Be 2
        $rows[1].M2 | Should -Be 1.25
        $rows[1].M3 | Should -BeApproximately (1 + 3 * 0.25 + 0.0625) -Tolerance 1e-15
        $rows[2].ZeroAtomMass | Should -Be 0.75
        # The density grid's distribution function climbs from 0 to 1 (the atom included for c = 4).
        $last = $rows[0].Density | Select-Object -Last 1
        $last.Cdf | Should -BeGreaterThan 0.999
        ($rows[0].Density | Measure-Object Weight -Sum).Sum | Should -BeGreaterThan 3.9
    }

    It 'samples seeded matrices within the bound stated in advance' {
        $s = Get-EnsembleSpectrum -Ensemble Wigner -Size 200 -Matrices 3 -Seed 4
        $s.Method | Should -Be 'Sampled'
        $s.Eigenvalues.Count | Should -Be 600
        $s.KS | Should -BeLessThan $s.KSBound
        $again = Get-EnsembleSpectrum -Ensemble Wigner -Size 200 -Matrices 3 -Seed 4
        $again.M2 | Should -Be $s.M2
    }

    It 'rejects a ratio it cannot draw with a validation error naming it' {
        { Get-EnsembleSpectrum -Ensemble MarchenkoPastur -Ratio 0 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Ratio*'
    }
}

Describe 'Get-LevelSpacing and Get-AvoidedCrossing' {
    It 'the 2 x 2 spacings have the surmise''s mean sqrt(pi) and pass KS' {
        $s = Get-LevelSpacing -Matrices 20000 -Seed 2
        $s.Mean | Should -BeApproximately ([math]::Sqrt([math]::PI)) -Tolerance 0.04
        $s.KS | Should -BeLessThan $s.KSBound
        $s.Spacings[0] | Should -BeGreaterThan 0
    }

    It 'unfolds N x N spectra to mean 1' {
        $s = Get-LevelSpacing -Size 100 -Matrices 10
        $s.Mean | Should -BeApproximately 1 -Tolerance 0.05
        $s.SurmiseMean | Should -Be 1
    }

    It 'Size 3 is an error that says which sizes work' {
        $null = Get-LevelSpacing -Size 3 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'SizeTooSmallToUnfold,*'
    }

    It 'the gap is 2|J| at Delta = 0 and larger elsewhere' {
        $rows = Get-AvoidedCrossing -Delta -1, 0, 1 -Coupling 0.5
        ($rows | Where-Object Delta -eq 0).Gap | Should -Be 1
        ($rows | Where-Object Delta -ne 0).Gap | ForEach-Object { $_ | Should -BeGreaterThan 1 }
    }
}

Describe 'Get-FreeSum' {
    It 'two free semicircles add to the semicircle of variance 2' {
        $s = Get-FreeSum -Ensemble Wigner, Wigner -DensityPoints 64
        $s.M2 | Should -Be 2
        $s.M4 | Should -BeApproximately 8 -Tolerance 1e-13
        $row = $s.Density | Where-Object { [math]::Abs($_.Lambda) -lt 0.1 } | Select-Object -First 1
        $row.Value | Should -BeApproximately ([math]::Sqrt(8 - $row.Lambda * $row.Lambda) / (4 * [math]::PI)) -Tolerance 1e-12
    }

    It 'sampled sums pass KS against the convolution, and the summands are validated' {
        $s = Get-FreeSum -Ensemble Wigner, MarchenkoPastur -Ratio 0.5 -Size 200 -Matrices 2
        $s.KS | Should -BeLessThan $s.KSBound
        { Get-FreeSum -Ensemble Wigner -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Ensemble*'
    }
}

Describe 'Get-PauliSum' {
    It 'the same-axis sum is finite at 0 and the crossed one repels from it' {
        $same, $crossed = Get-PauliSum -Matrices 20000 -Seed 3
        $same.Pair | Should -Be 'SameAxis'
        $same.DensityAtZero | Should -BeGreaterThan 0.2
        $crossed.DensityAtZero | Should -BeLessThan 0.04
        $crossed.KS | Should -BeLessThan $crossed.KSBound
    }
}
