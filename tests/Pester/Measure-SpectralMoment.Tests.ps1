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

    It 'gives every allowed order for a smooth activation: Tanh to order <Order>' -ForEach @(@{ Order = 40 }, @{ Order = 64 }) {
        $s = Find-CriticalLine -Activation Tanh -BiasStd 0.3 | Get-JacobianSpectrum -Depth 10 -Init Orthogonal
        $m = $s | Measure-SpectralMoment -Order $Order
        $m.M1 | Should -BeApproximately 1 -Tolerance 1e-12          # critical
        $m.Variance | Should -BeApproximately $s.Variance -Tolerance 1e-14
        # Moments of a law on [0, lambda_max] grow no faster than lambda_max^k, and m_k^(1/k) increases with k.
        $top = $m."M$Order"
        [math]::Pow($top, 1 / $Order) | Should -BeLessOrEqual ($s.LambdaMax * (1 + 1e-9))
        [math]::Pow($top, 1 / $Order) | Should -BeGreaterThan ([math]::Pow($m."M$($Order - 1)", 1 / ($Order - 1)))
    }

    It 'shows every moment in its table view' {
        $text = 1..5 | Measure-SpectralMoment -Order 12 | Out-String -Width 120
        foreach ($k in 1..12) { $text | Should -Match "M$k\s" }
        $text | Should -Match 'M12 5\.22907e\+7'      # (1^12 + 2^12 + ... + 5^12) / 5 = 52290675.8
    }

    It 'measures a spectrum''s density rows, atoms included, close to its exact moments (<Name>)' -ForEach @(
        @{ Name = 'HardTanh with a top atom'; Make = { Find-CriticalLine -Activation HardTanh -BiasStd 0.02 | Get-JacobianSpectrum -Depth 100 -Init Orthogonal } }
        @{ Name = 'Tanh'; Make = { Find-CriticalLine -Activation Tanh -BiasStd 0.3 | Get-JacobianSpectrum -Depth 20 -Init Gaussian } }
    ) {
        $s = & $Make
        $rows = $s.Density | Measure-SpectralMoment -Order 3 -ErrorVariable failures
        $failures.Count | Should -Be 0
        $exact = $s | Measure-SpectralMoment -Order 3
        $rows.Source | Should -Be 'Density'
        $rows.Count | Should -Be $s.Density.Count
        $rows.Depth | Should -Be $s.Depth
        foreach ($k in 1..3) { $rows."M$k" | Should -BeApproximately $exact."M$k" -Tolerance (1e-5 * $exact."M$k") }
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

Describe 'Measure-SpectralMoment with the random-matrix warm-ups' {
    It 'gives a law''s exact moments to any order and a sample''s from its eigenvalues' {
        $m = Get-EnsembleSpectrum -Ensemble Wigner | Measure-SpectralMoment -Order 8
        $m.Source | Should -Be 'Theory'
        $m.M8 | Should -Be 14
        $s = Get-EnsembleSpectrum -Ensemble Wigner -Size 100 | Measure-SpectralMoment -Order 2
        $s.Source | Should -Be 'Sample'
        $s.Count | Should -Be 100
        $f = Get-FreeConvolution -Operation Product -Ensemble MarchenkoPastur, MarchenkoPastur -Ratio 1 | Measure-SpectralMoment -Order 4
        $f.M3 | Should -BeApproximately 12 -Tolerance 1e-10
        $null = Get-FreeConvolution -Ensemble Wigner, Wigner | Measure-SpectralMoment -Order 12 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'OrderTooHigh,*'
    }
}
