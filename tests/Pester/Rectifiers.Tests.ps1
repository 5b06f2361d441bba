# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
# SiLU, GELU, Softplus and SELU as users call them (their numbers against 30-digit references are in the xunit suite).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'The rectifiers' {
    It 'SELU keeps q* = 1 at WeightStd 1 without bias' {
        $state = Get-FixedPoint -Activation SELU -WeightStd 1 -BiasStd 0
        $state.QStar | Should -BeApproximately 1 -Tolerance 1e-12
        $state.Regime | Should -Be 'Chaotic'
    }

    It 'a critical point that repels says so, and Get-FixedPoint there takes the attracting one' {
        $point = Find-CriticalLine -Activation GELU -BiasStd 0.1 -WarningVariable warned -WarningAction SilentlyContinue
        $point.IsStable | Should -BeFalse
        $point.Chi | Should -BeApproximately 1 -Tolerance 1e-12
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -BeLike '*repelling fixed point*'
        $state = $point | Get-FixedPoint
        $state.QStar | Should -BeLessThan $point.QStar
        $state.Chi | Should -BeLessThan 1
        $state.Regime | Should -Be 'Ordered'
    }

    It 'Softplus has no critical line: an error that says why, and the sweep goes on' {
        $rows = Find-CriticalLine -Activation Softplus, SELU -BiasStd 0.1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $rows.Activation | Should -Be 'SELU'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'NoCriticalPoint,Isometry.Cmdlets.FindCriticalLineCommand'
        $failures[0].Exception.Message | Should -BeLike '*negative bias variance*'
    }

    It 'large WeightStd grows without bound (Unbounded, Infinity)' {
        $state = Get-FixedPoint -Activation SiLU -WeightStd 2 -BiasStd 0.5
        $state.Regime | Should -Be 'Unbounded'
        $state.QStar | Should -Be ([double]::PositiveInfinity)
        $state.Chi | Should -BeApproximately 2 -Tolerance 1e-15
    }

    It 'spectra carry exact moments and a density of mass 1, and pipe from the critical line' {
        $rows = Find-CriticalLine -Activation SELU -BiasStd 0.5 |
            Get-JacobianSpectrum -Depth 1, 5, 20 -Init Orthogonal -WarningVariable warned -WarningAction SilentlyContinue
        $rows.Count | Should -Be 3
        foreach ($r in $rows) { $r.Mean | Should -BeApproximately 1 -Tolerance 1e-11 }
        # One orthogonal layer is the law of WeightStd^2 phi'(h)^2 itself: half of it the atom at WeightStd^2 lambda^2.
        $warned.Count | Should -Be 0
        $one = $rows[0]
        $one.HasDensity | Should -BeTrue
        $one.AtomMass | Should -Be 0.5
        $one.AtomLambda | Should -BeApproximately ($one.WeightStd * $one.WeightStd * 1.0507009873554805 * 1.0507009873554805) -Tolerance 1e-12
        $one.ContinuousMass | Should -BeApproximately 0.5 -Tolerance 1e-9
        $exact2 = ($one | Measure-SpectralMoment -Order 2).M2
        ($one.Density | Measure-SpectralMoment -Order 2).M2 | Should -BeApproximately $exact2 -Tolerance (1e-3 * $exact2)
        foreach ($r in $rows[1..2]) {
            $r.HasDensity | Should -BeTrue
            $r.ContinuousMass | Should -BeApproximately 1 -Tolerance 1e-5
            ($r.Density | Measure-SpectralMoment -Order 2).M2 | Should -BeApproximately ($r | Measure-SpectralMoment -Order 2).M2 -Tolerance (1e-4 * ($r | Measure-SpectralMoment -Order 2).M2)
        }
        # Deeper is wider: the variance of J J^T grows with depth at criticality.
        $rows[2].Variance | Should -BeGreaterThan $rows[1].Variance
        ($rows | Measure-SpectralMoment -Order 2 | Select-Object -First 1).M1 | Should -BeApproximately 1 -Tolerance 1e-11
    }

    It 'the density of <Activation> matches its moments' -ForEach @(
        @{ Activation = 'SiLU' }, @{ Activation = 'GELU' }, @{ Activation = 'Softplus' }
    ) {
        $s = Get-JacobianSpectrum -Activation $Activation -WeightStd 1.2 -BiasStd 0.3 -Depth 10 -Init Gaussian
        $s.HasDensity | Should -BeTrue
        $s.ContinuousMass | Should -BeApproximately 1 -Tolerance 1e-5
        $exact = $s | Measure-SpectralMoment -Order 3
        ($s.Density | Measure-SpectralMoment -Order 3).M3 | Should -BeApproximately $exact.M3 -Tolerance (1e-4 * $exact.M3)
    }

    It 'a Custom activation has a density when its expression is analytic, moments only (said once) when not' {
        $mish = Get-JacobianSpectrum -Expression 'x * Math.Tanh(Math.Log(1 + Math.Exp(x)))' -WeightStd 1.2 -BiasStd 0.3 -Depth 5
        $mish.HasDensity | Should -BeTrue
        $mish.ContinuousMass | Should -BeApproximately 1 -Tolerance 1e-5
        $rows = Get-JacobianSpectrum -Expression 'x > 0 ? x : 0.1 * (Math.Exp(x) - 1)' -WeightStd 1.2 -BiasStd 0.3 -Depth 2, 5 `
            -WarningVariable warned -WarningAction SilentlyContinue
        $rows.Count | Should -Be 2
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -BeLike '*Custom activation*not computed*no continuation*'
        $rows.HasDensity | Should -Not -Contain $true
    }

    It 'Invoke-TrainingRun trains a <Activation> network on the teacher task' -ForEach @(
        @{ Activation = 'SiLU' }, @{ Activation = 'SELU' }
    ) {
        $rows = Invoke-TrainingRun -Activation $Activation -Init Orthogonal -WeightStd 1 -BiasStd 0.1 -Depth 3 -Width 32 `
            -Dataset Teacher -Steps 60 -BatchSize 32 -EvaluateEvery 60 -LearningRate 0.01
        $rows.Count | Should -Be 2
        $rows[-1].TrainLoss | Should -BeLessThan $rows[0].TrainLoss
    }
}
