# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Measure-SpectralMoment' {
    It 'measures piped eigenvalues as one sample' {
        $m = 1, 2, 3, 4 | Measure-SpectralMoment -Order 3
        $m.Source | Should -Be 'Sample'
        $m.Count | Should -Be 4
        $m.M1 | Should -Be 2.5
        $m.M2 | Should -Be 7.5
        $m.M3 | Should -Be 25
        $m.Variance | Should -Be 1.25
    }

    It 'gives exact moments of a spectrum with its identifying fields' {
        $m = Get-JacobianSpectrum -Depth 10 -Activation ReLU -Init Orthogonal | Measure-SpectralMoment -Order 2
        $m.Source | Should -Be 'Theory'
        $m.Depth | Should -Be 10
        $m.M2 | Should -BeApproximately 11 -Tolerance 1e-10
    }

    It 'says NoEigenvalues when nothing is piped in' {
        $null = @() | Measure-SpectralMoment -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NoEigenvalues,Isometry.Cmdlets.MeasureSpectralMomentCommand'
    }

    It 'answers to the design-card name Measure-SpectralMoments' {
        (1, 3 | Measure-SpectralMoments -Order 1).M1 | Should -Be 2
    }

    It 'has help with at least two examples' {
        (Get-Help Measure-SpectralMoment -Examples).examples.example.Count | Should -BeGreaterOrEqual 2
    }
}
