# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
# A random-matrix warm-up as users call it (closed forms and sampling bounds are in the xunit suite).
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
