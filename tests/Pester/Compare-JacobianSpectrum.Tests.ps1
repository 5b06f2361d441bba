# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Compare-JacobianSpectrum' {
    It 'puts a critical orthogonal HardTanh network (N = 400, L = 20) within KS 0.05 of the theory' {
        # Seed 2; over seeds 1 to 6 KS runs from 0.016 to 0.053, as each network's overall gain strays by about 5 %.
        $c = Find-CriticalLine -Activation HardTanh -BiasStd 0.1 |
            Get-JacobianSpectrum -Depth 20 -Init Orthogonal -Width 400 -Seed 2 | Compare-JacobianSpectrum
        $c.KS | Should -BeLessThan 0.05
        $c.ZeroMassTheory | Should -BeApproximately 0.049484962420022 -Tolerance 1e-12   # 1 - p at the critical point
        $c.Thresholds.Count | Should -Be 3
        $c.Thresholds[0].Threshold | Should -Be 1e-10
    }

    It 'finds no distance for an orthogonal linear network, every eigenvalue sw^(2L)' {
        $c = Get-JacobianSpectrum -Activation Linear -Init Orthogonal -WeightStd 1.2 -Depth 5 -Width 40 | Compare-JacobianSpectrum
        $c.KS | Should -Be 0
        $c.W1LogLambda | Should -BeLessThan 1e-12
        [math]::Abs($c.M4RelativeError) | Should -BeLessThan 1e-12
    }

    It 'says NotSampled for a theoretical spectrum and goes on' {
        $rows = Get-JacobianSpectrum -Depth 2, 3 | Compare-JacobianSpectrum -ErrorVariable failures -ErrorAction SilentlyContinue
        @($rows).Count | Should -Be 0
        $failures.Count | Should -Be 2
        $failures[0].FullyQualifiedErrorId | Should -Be 'NotSampled,Isometry.Cmdlets.CompareJacobianSpectrumCommand'
    }

    It 'has help with at least two examples' {
        (Get-Help Compare-JacobianSpectrum -Examples).examples.example.Count | Should -BeGreaterOrEqual 2
    }
}
