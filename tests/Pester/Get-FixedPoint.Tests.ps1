# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Get-FixedPoint' {
    It 'sweeps WeightStd through ForEach-Object across the transition' {
        $rows = 0.5, 1.0, 1.5 | ForEach-Object { Get-FixedPoint -Activation Tanh -WeightStd $_ -BiasStd 0.05 }
        $rows.Regime | Should -Be @('Ordered', 'Ordered', 'Chaotic')
        $rows[2].Chi | Should -BeGreaterThan 1
    }

    It 'ReLU q* is sb^2 / (1 - sw^2/2) at sw = <sw>, sb = <sb>' -ForEach @(
        @{ sw = 0.5; sb = 0.1 }, @{ sw = 1.0; sb = 0.3 }, @{ sw = 1.3; sb = 1.0 }
    ) {
        $state = Get-FixedPoint -Activation ReLU -WeightStd $sw -BiasStd $sb
        $state.QStar | Should -BeApproximately ($sb * $sb / (1 - $sw * $sw / 2)) -Tolerance 1e-12
        $state.Chi | Should -BeApproximately ($sw * $sw / 2) -Tolerance 1e-15
    }

    It 'q* = 0 and chi = sw^2 for tanh without bias below sw = 1' {
        $state = Get-FixedPoint -Activation Tanh -WeightStd 0.8 -BiasStd 0
        $state.QStar | Should -Be 0
        $state.Chi | Should -BeApproximately 0.64 -Tolerance 1e-15
    }

    It 'q* is a fixed point of the length map for <a>' -ForEach @(@{ a = 'Tanh' }, @{ a = 'HardTanh' }, @{ a = 'Erf' }) {
        $q = (Get-FixedPoint -Activation $a -WeightStd 1.4 -BiasStd 0.3).QStar
        (Get-LengthMap -Activation $a -WeightStd 1.4 -BiasStd 0.3 -Q $q).MapValue | Should -BeApproximately $q -Tolerance (1e-13 * $q)
    }

    It 'binds piped records by property name, aliases included' {
        $rows = [pscustomobject]@{ Activation = 'ReLU'; WeightStd = 1.2; BiasStd = 0.5 },
                [pscustomobject]@{ Activation = 'ReLU'; SigmaW = 0.6; SigmaB = 0.2 } | Get-FixedPoint
        $rows.Count | Should -Be 2
        $rows[0].QStar | Should -BeApproximately (0.25 / (1 - 1.44 / 2)) -Tolerance 1e-12
        $rows[1].WeightStd | Should -Be 0.6
        $rows[1].QStar | Should -BeApproximately (0.04 / (1 - 0.36 / 2)) -Tolerance 1e-12
    }

    It 'gives the full grid for arrays' {
        (Get-FixedPoint -Activation Tanh, HardTanh -WeightStd 0.5, 1, 1.5 -BiasStd 0, 0.1).Count | Should -Be 12
    }

    It 'keeps unbounded points with QStar = +infinity' {
        $state = Get-FixedPoint -Activation ReLU -WeightStd 2 -BiasStd 0.1
        $state.Regime | Should -Be 'Unbounded'
        [double]::IsPositiveInfinity($state.QStar) | Should -BeTrue
        $state.DepthScaleQ | Should -BeNullOrEmpty
    }

    It 'rejects <value> for -WeightStd with a validation error naming it' -ForEach @(
        @{ value = -1 }, @{ value = [double]::NaN }, @{ value = [double]::PositiveInfinity }
    ) {
        { Get-FixedPoint -WeightStd $value -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Isometry.Cmdlets.GetFixedPointCommand' -ExpectedMessage "*'WeightStd'*"
    }

    It 'a point beyond the double range is an error of its own and the sweep goes on (<Parameter> <Value>)' -ForEach @(
        @{ Parameter = 'WeightStd'; Value = 1e200 }, @{ Parameter = 'BiasStd'; Value = 1e160 }
    ) {
        $splat = @{ Activation = 'Tanh'; $Parameter = @(1, $Value, 2) }
        $rows = Get-FixedPoint @splat -ErrorVariable failures -ErrorAction SilentlyContinue
        $rows.Count | Should -Be 2
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'StdOutOfRange,Isometry.Cmdlets.GetFixedPointCommand'
        $failures[0].Exception.Message | Should -BeLike "*Use values up to 1E+100*"
    }

    It 'huge WeightStd is wildly chaotic, with chi and xi_c at their saturated limits (<a>)' -ForEach @(
        @{ a = 'HardTanh'; c = [math]::Sqrt(2 / [math]::PI) }, @{ a = 'Tanh'; c = 4 / 3 / [math]::Sqrt(2 * [math]::PI) }
    ) {
        foreach ($sw in 1e10, 1e20, 1e100) {
            $s = Get-FixedPoint -Activation $a -WeightStd $sw -BiasStd 0.1
            $s.Regime | Should -Be 'Chaotic'
            # chi sqrt(q*) / sw^2 -> int phi'^2 du / sqrt(2 pi); xi_c -> -1/ln(2/pi) as c* -> 0.
            $s.Chi * [math]::Sqrt($s.QStar) / ($sw * $sw) | Should -BeApproximately $c -Tolerance (1e-8 * $c)
            $s.DepthScaleC | Should -BeApproximately (-1 / [math]::Log(2 / [math]::PI)) -Tolerance 1e-7
        }
    }

    It 'tab-completes -Activation' {
        $line = 'Get-FixedPoint -Activation T'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'Tanh'
    }

    It 'solves a grid on every core with exactly the serial numbers, in the serial order' {
        $sw = 1..12 | ForEach-Object { 0.6 + $_ / 4 }
        $sb = 0.05, 0.3, 0.9
        $serial = Get-FixedPoint -Activation Tanh, SiLU -WeightStd $sw -BiasStd $sb -ThrottleLimit 1
        $parallel = Get-FixedPoint -Activation Tanh, SiLU -WeightStd $sw -BiasStd $sb -ThrottleLimit 2 -Verbose 4>&1
        $verbose = @($parallel | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $rows = @($parallel | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $verbose[0].Message | Should -Match '72 points on \d+ worker thread'
        $rows.Count | Should -Be $serial.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            foreach ($p in 'Activation', 'WeightStd', 'BiasStd', 'QStar', 'Chi', 'Regime', 'DepthScaleQ', 'DepthScaleC', 'CStar') {
                "$($rows[$i].$p)" | Should -BeExactly "$($serial[$i].$p)" -Because "$p of row $i"
                if ($serial[$i].$p -is [double]) { $rows[$i].$p.Equals($serial[$i].$p) | Should -BeTrue -Because "$p of row $i bit for bit" }
            }
        }
    }

    It 'rejects a ThrottleLimit below 1' {
        { Get-FixedPoint -ThrottleLimit 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Isometry.Cmdlets.GetFixedPointCommand'
    }

    It 'has help with at least two examples' {
        (Get-Help Get-FixedPoint -Examples).examples.example.Count | Should -BeGreaterOrEqual 2
    }
}
