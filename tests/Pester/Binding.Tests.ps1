# Pester 5, run by ./build.ps1 -Task Test. What a parameter accepts, across the cmdlets: every value means exactly
# what it says, or is an error that names the parameter and the value and says what to write instead. Records
# that cannot be read are errors of their own, and the sweep goes on.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $transformation = 'ParameterArgumentTransformationError'
}

Describe 'Enum parameters take defined names only' {
    It 'Get-LengthMap takes several activations, one row each (ReLU and HardTanh at q = 1)' {
        $rows = Get-LengthMap -Activation ReLU, HardTanh -Q 1
        $rows.Activation | Should -Be @('ReLU', 'HardTanh')
        $rows[0].MapValue | Should -Be 0.5                                                   # sw^2 q / 2
        # E[hardtanh(z)^2] = E[z^2; |z| < 1] + P(|z| > 1) = P(|z| < 1) - 2 phi(1) + P(|z| > 1) = 1 - 2 phi(1).
        $phi1 = [math]::Exp(-0.5) / [math]::Sqrt(2 * [math]::PI)
        $rows[1].MapValue | Should -BeApproximately (1 - 2 * $phi1) -Tolerance 1e-14
    }

    It '<Command> is an error, not another activation' -ForEach @(
        @{ Command = 'Get-FixedPoint -Activation "ReLU,HardTanh"'; Says = 'separate the names unquoted' }
        @{ Command = 'Get-FixedPoint -Activation 3'; Says = 'not an activation name' }
        @{ Command = 'Find-CriticalLine -Activation "Linear,Erf"'; Says = 'separate the names unquoted' }
        @{ Command = 'Get-JacobianSpectrum -Init "Gaussian,Orthogonal"'; Says = 'separate the names unquoted' }
        @{ Command = 'Get-JacobianSpectrum -Init 1'; Says = 'not a WeightInit name' }
        @{ Command = 'Get-LengthMap -Activation Softsign'; Says = 'use one of Linear, ReLU, HardTanh, Tanh, Erf, Sigmoid, SiLU, GELU, Softplus, SELU, Custom.' }
    ) {
        $err = $null
        $out = try { Invoke-Expression "$Command -ErrorAction Stop" } catch { $err = $_ }
        $out | Should -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike "$transformation,*"
        $err.Exception.Message | Should -BeLike "*$Says*"
    }
}

Describe 'Numbers are read invariantly and never guessed' {
    It '<Command> says to write a decimal point' -ForEach @(
        @{ Command = 'Get-FixedPoint -WeightStd "1,5"' }
        @{ Command = '"0,1" | Find-CriticalLine' }
        @{ Command = 'Get-LengthMap -Q "0,5"' }
        @{ Command = 'Get-JacobianSpectrum -BiasStd "0,1"' }
    ) {
        $err = $null
        $null = try { Invoke-Expression "$Command -ErrorAction Stop" } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike "$transformation,*"
        $err.Exception.Message | Should -BeLike '*write the decimal with a point (1.5)*'
    }

    It 'reads "1.5" and 1.5 alike' {
        (Get-FixedPoint -Activation ReLU -WeightStd '1.2' -BiasStd '0.5').QStar | Should -BeApproximately (0.25 / (1 - 0.72)) -Tolerance 1e-12
    }

    It 'rejects -Depth <Depth>, which would be rounded' -ForEach @(@{ Depth = 2.5 }, @{ Depth = '7.1' }) {
        { Get-JacobianSpectrum -Depth $Depth -ErrorAction Stop } | Should -Throw -ErrorId "$transformation,Isometry.Cmdlets.GetJacobianSpectrumCommand" -ExpectedMessage '*not a whole number*'
    }

    It 'a German user''s CSV round trip is an error, not WeightStd 15' {
        $de = [cultureinfo]::GetCultureInfo('de-DE')
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = $de
            $csv = Get-FixedPoint -WeightStd 1.5, 2 -BiasStd 0.05 | ConvertTo-Csv -UseCulture
            $csv[1] | Should -BeLike '*"1,5"*'
            $rows = $csv | ConvertFrom-Csv -Delimiter ';' | Get-FixedPoint -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
        # The row with WeightStd "2" and BiasStd "0,05" fails on BiasStd; "1,5" fails on WeightStd: nothing silently wrong.
        @($rows).Count | Should -Be 0
        $failures.Count | Should -Be 2
        foreach ($f in $failures) { $f.Exception.Message | Should -BeLike "*is not a number here: write the decimal with a point*" }
    }
}

Describe 'Piped records whose values cannot be read' {
    It '<Cmdlet> writes an error for the bad record, naming the property and value, and goes on' -ForEach @(
        @{ Cmdlet = 'Get-FixedPoint'; Bad = @{ Activation = 'Softsign'; WeightStd = 1; BiasStd = 0.1 }; Good = @{ Activation = 'ReLU'; WeightStd = 1; BiasStd = 0.5 }; Says = "'Softsign' is not an activation" }
        @{ Cmdlet = 'Get-FixedPoint'; Bad = @{ Activation = 'ReLU'; WeightStd = 1; BiasStd = 'abc' }; Good = @{ Activation = 'ReLU'; WeightStd = 1; BiasStd = 0.5 }; Says = "'abc' is not a number" }
        @{ Cmdlet = 'Get-FixedPoint'; Bad = @{ Activation = 'ReLU'; WeightStd = 1; BiasStd = '' }; Good = @{ Activation = 'ReLU'; WeightStd = 1; BiasStd = 0.5 }; Says = 'An empty string is not a number' }
        @{ Cmdlet = 'Find-CriticalLine'; Bad = @{ Activation = 'Tahn' }; Good = @{ Activation = 'Tanh'; BiasStd = 0.5 }; Says = "'Tahn' is not an activation" }
        @{ Cmdlet = 'Get-JacobianSpectrum'; Bad = @{ Activation = 'Tahn'; Depth = 3 }; Good = @{ Activation = 'Tanh'; Depth = 3 }; Says = "'Tahn' is not an activation" }
        @{ Cmdlet = 'Get-LengthMap'; Bad = @{ Activation = 'Tanh'; WeightStd = 'x' }; Good = @{ Activation = 'Tanh'; WeightStd = 1 }; Says = "'x' is not a number" }
    ) {
        $rows = [pscustomobject] $Good, [pscustomobject] $Bad, [pscustomobject] $Good |
            & $Cmdlet -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike "$transformation,*"
        $failures[0].Exception.Message | Should -BeLike "*$Says*"
        @($rows).Count | Should -BeGreaterOrEqual 2
        foreach ($r in $rows) { $r.Activation | Should -Be $Good.Activation }
    }
}

Describe 'Get-JacobianSpectrum sweeps arrays' {
    It 'takes several WeightStd and BiasStd values: Activation x BiasStd x WeightStd x Init x Depth' {
        $rows = Get-JacobianSpectrum -Activation ReLU -WeightStd 1, 1.1 -BiasStd 0 -Init Gaussian, Orthogonal -Depth 2, 3
        $rows.Count | Should -Be 8
        foreach ($r in $rows) {
            # m_1 = (sw^2 p)^L with p = 1/2 for ReLU at any q*.
            $r.Mean | Should -BeApproximately ([math]::Pow($r.WeightStd * $r.WeightStd / 2, $r.Depth)) -Tolerance 1e-14
        }
    }

    It 'says with -Verbose which critical WeightStd it chose' {
        $verbose = Get-JacobianSpectrum -Activation HardTanh -BiasStd 0.1 -Depth 2 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose[0].Message | Should -BeLike '*critical WeightStd 1.025700*'
        $verbose[1].Message | Should -BeLike '*density 512 points on *, * rows below; mass below the grid *'
    }
}
