# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Get-LengthMap' {
    It 'evaluates ReLU exactly on an even grid' {
        $rows = Get-LengthMap -Activation ReLU -WeightStd 1 -BiasStd 0.5 -QMax 4 -Points 5
        $rows.Q | Should -Be @(0, 1, 2, 3, 4)
        $rows.MapValue | Should -Be @(0.25, 0.75, 1.25, 1.75, 2.25)
        $rows.Slope | Should -Be @(0.5, 0.5, 0.5, 0.5, 0.5)
    }

    It 'the slope is the derivative of the map for <a>' -ForEach @(@{ a = 'HardTanh' }, @{ a = 'Tanh' }, @{ a = 'Erf' }) {
        $q = 0.7; $h = 1e-5
        $f = Get-LengthMap -Activation $a -WeightStd 1.5 -BiasStd 0.1 -Q ($q - $h), $q, ($q + $h)
        $f[1].Slope | Should -BeApproximately (($f[2].MapValue - $f[0].MapValue) / (2 * $h)) -Tolerance 1e-7
    }

    It 'iterates onto q*' {
        $q = (Get-FixedPoint -Activation Erf -WeightStd 1.3 -BiasStd 0.2).QStar
        $layers = Get-FixedPoint -Activation Erf -WeightStd 1.3 -BiasStd 0.2 | Get-LengthMap -InputVariance 2 -Depth 60
        $layers.Count | Should -Be 61
        $layers[-1].Q | Should -BeApproximately $q -Tolerance (1e-12 * $q)
    }

    It 'rejects a negative input variance' {
        { Get-LengthMap -InputVariance -1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Isometry.Cmdlets.GetLengthMapCommand'
    }

    It 'has help with at least two examples' {
        (Get-Help Get-LengthMap -Examples).examples.example.Count | Should -BeGreaterOrEqual 2
    }
}
