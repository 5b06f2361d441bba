# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
# A random-matrix warm-up as users call it (closed forms and sampling bounds are in the xunit suite).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Get-LevelSpacing' {
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

    It 'takes sizes from the pipeline, one row each' {
        $rows = 2, 50 | Get-LevelSpacing -Matrices 20
        $rows.Size | Should -Be @(2, 50)
    }
}
