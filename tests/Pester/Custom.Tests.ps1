# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
# -Activation Custom as users call it (its numbers against the built-in activations are in the xunit suite).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'A user''s own activation' {
    It '-Expression alone means Custom and gives the built-in numbers for Math.Tanh(x)' {
        $mine = Get-FixedPoint -Expression 'Math.Tanh(x)' -WeightStd 1.5 -BiasStd 0.3
        $theirs = Get-FixedPoint -Activation Tanh -WeightStd 1.5 -BiasStd 0.3
        $mine.Activation | Should -Be 'Custom'
        $mine.Expression | Should -Be 'Math.Tanh(x)'
        $mine.QStar | Should -BeApproximately $theirs.QStar -Tolerance 1e-12
        $mine.Chi | Should -BeApproximately $theirs.Chi -Tolerance 1e-12
    }

    It 'a Custom critical line pipes its expression into Get-JacobianSpectrum and Get-FixedPoint' {
        $point = Find-CriticalLine -Activation Custom -Expression 'Math.Tanh(x) + 0.1 * x' -BiasStd 0.1
        $point.Expression | Should -Be 'Math.Tanh(x) + 0.1 * x'
        $rows = $point | Get-JacobianSpectrum -Depth 1, 10 -Init Orthogonal -WarningAction SilentlyContinue
        $rows.Count | Should -Be 2
        foreach ($r in $rows) {
            $r.Expression | Should -Be 'Math.Tanh(x) + 0.1 * x'
            $r.Mean | Should -BeApproximately 1 -Tolerance 1e-11
        }
        ($point | Get-FixedPoint).Regime | Should -Be 'Critical'
    }

    It 'a mistake in the expression is an error naming its position, and other activations go on' {
        $rows = Get-FixedPoint -Activation Tanh, Custom -Expression 'x * Math.Tanhh(x)' -ErrorVariable failures -ErrorAction SilentlyContinue
        $rows.Activation | Should -Be 'Tanh'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ExpressionInvalid,Isometry.Cmdlets.GetFixedPointCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].Exception.Message | Should -BeLike '*at position 9*'
    }

    It '<Command> is an error that says what to do' -ForEach @(
        @{ Command = 'Get-FixedPoint -Activation Custom'; Id = 'ExpressionMissing'; Says = '*needs -Expression*' }
        @{ Command = 'Find-CriticalLine -Activation Tanh -Expression "x"'; Id = 'ExpressionWithoutCustom'; Says = '*add Custom to -Activation*' }
        @{ Command = 'Get-LengthMap -Expression "Math.Log(x)" -Q 1'; Id = 'ExpressionNotFinite'; Says = '*not finite at x*' }
        @{ Command = 'Get-FixedPoint -Expression "Math.Tanh(x)" -Derivative "1 - Math.Tanh(x)"'; Id = 'DerivativeMismatch'; Says = '*does not match the slope*' }
    ) {
        $err = $null
        try { Invoke-Expression "$Command -ErrorAction Stop" | Out-Null } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $err.Exception.Message | Should -BeLike $Says
    }

    It 'trains a network with a custom activation' {
        $rows = Invoke-TrainingRun -Expression 'x > 0 ? x : 0.1 * x' -WeightStd 1.3 -BiasStd 0 -Depth 3 -Width 32 `
            -Dataset Teacher -Steps 60 -BatchSize 32 -EvaluateEvery 60 -LearningRate 0.01
        $rows.Count | Should -Be 2
        $rows[0].Expression | Should -Be 'x > 0 ? x : 0.1 * x'
        $rows[-1].TrainLoss | Should -BeLessThan $rows[0].TrainLoss
    }
}
