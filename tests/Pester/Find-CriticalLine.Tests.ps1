# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Find-CriticalLine' {
    It 'ReLU is critical at (sqrt 2, 0) only' {
        $point = Find-CriticalLine -Activation ReLU -BiasStd 0
        $point.WeightStd | Should -BeApproximately ([math]::Sqrt(2)) -Tolerance 1e-15
        $point.QStar | Should -BeNullOrEmpty
        $point.LinearFraction | Should -Be 0.5
    }

    It 'writes NoCriticalPoint for ReLU with a bias and goes on' {
        $rows = Find-CriticalLine -Activation ReLU -BiasStd 0, 0.1, 0 -ErrorVariable failures -ErrorAction SilentlyContinue
        $rows.Count | Should -Be 2
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'NoCriticalPoint,Isometry.Cmdlets.FindCriticalLineCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'the tanh line leaves (1, 0) and rises with BiasStd' {
        $sw = (0, 0.05, 0.1, 0.2, 0.5, 1 | Find-CriticalLine -Activation Tanh).WeightStd
        $sw[0] | Should -Be 1
        for ($i = 1; $i -lt $sw.Count; $i++) { $sw[$i] | Should -BeGreaterThan $sw[$i - 1] }
    }

    It 'HardTanh points satisfy sw^2 erf(1/sqrt(2 q*)) = 1 at sb = <sb>' -ForEach @(@{ sb = 0.05 }, @{ sb = 0.2 }, @{ sb = 1 }) {
        $point = Find-CriticalLine -Activation HardTanh -BiasStd $sb
        $point.LinearFraction | Should -BeApproximately (1 / ($point.WeightStd * $point.WeightStd)) -Tolerance 1e-14
    }

    It 'pipes into Get-FixedPoint by property name and stays critical' {
        $states = Find-CriticalLine -Activation HardTanh -BiasStd 0.05, 0.1, 0.2 | Get-FixedPoint
        $states.Regime | Should -Be @('Critical', 'Critical', 'Critical')
        foreach ($s in $states) { $s.Chi | Should -BeApproximately 1 -Tolerance 1e-11 }
    }

    It 'has help with at least two examples' {
        (Get-Help Find-CriticalLine -Examples).examples.example.Count | Should -BeGreaterOrEqual 2
    }
}
