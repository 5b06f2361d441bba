# Pester 5, run by ./build.ps1 -Task Test in a child pwsh. The module's JSON form of its results.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Export-IsometryJson' {
    It 'writes the provenance first, enum names, round-trip numbers, nulls and arrays' {
        $path = Join-Path $TestDrive 'fp.json'
        $rows = Get-FixedPoint -Activation Tanh, ReLU -WeightStd 1.2, 2.5 -BiasStd 0.3
        $rows | Export-IsometryJson $path
        $doc = Get-Content $path -Raw | ConvertFrom-Json -AsHashtable
        @($doc.Keys)[0..2] | Should -Be 'Module', 'ModuleVersion', 'Schema'
        $doc.Schema | Should -Be 'isometry-export/1'
        $doc.Type | Should -Be 'MeanFieldState'
        $doc.Results.Count | Should -Be 4
        # Enum names (plain ConvertTo-Json writes Activation as a number), doubles as written, nulls as null.
        $doc.Results[0].Activation | Should -Be 'Tanh'
        $doc.Results[0].Regime | Should -Be "$($rows[0].Regime)"
        $doc.Results[0].QStar | Should -Be $rows[0].QStar
        $doc.Results[0].Contains('LinearFraction') | Should -BeTrue
        $doc.Results[0].LinearFraction | Should -BeNullOrEmpty
        # ReLU at WeightStd 2.5 diverges: JSON has no number for Infinity, so it is the string the reader knows.
        $doc.Results[3].QStar | Should -Be 'Infinity'
        (Import-IsometryResult $path)[3].QStar | Should -Be ([double]::PositiveInfinity)
    }

    It 'keeps array properties as arrays: density rows as objects, eigenvalues as numbers' {
        $path = Join-Path $TestDrive 'js.json'
        $theory = Get-JacobianSpectrum -Depth 4 -Init Orthogonal -Activation Tanh -BiasStd 0.2 -DensityPoints 16
        $sampled = Get-JacobianSpectrum -Depth 3 -Activation Tanh -BiasStd 0.1 -Width 20 -Seed 5
        $theory | Export-IsometryJson $path
        $doc = Get-Content $path -Raw | ConvertFrom-Json -AsHashtable
        $doc.Results[0].Density.Count | Should -Be $theory.Density.Count
        $doc.Results[0].Density[0].Keys | Should -Contain 'Lambda'
        $sampled | Export-IsometryJson $path -Force
        $doc = Get-Content $path -Raw | ConvertFrom-Json -AsHashtable
        $doc.Results[0].Eigenvalues.Count | Should -Be 20
        [double[]]$doc.Results[0].Eigenvalues | Should -Be ([double[]]$sampled.Eigenvalues)
        $doc.Results[0].PerNetworkMoments[0].M2 | Should -Be $sampled.PerNetworkMoments[0].M2
    }

    It 'appends results of the same type and refuses another type' {
        $path = Join-Path $TestDrive 'append.json'
        Get-FixedPoint -WeightStd 1 | Export-IsometryJson $path
        Get-FixedPoint -WeightStd 2 | Export-IsometryJson $path -Append
        (Import-IsometryResult $path).WeightStd | Should -Be 1, 2
        $before = Get-Content $path -Raw
        Get-JacobianSpectrum -Depth 2 | Export-IsometryJson $path -Append -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'TypeDiffers,Isometry.Cmdlets.ExportIsometryJsonCommand'
        "$($err[0])" | Should -BeLike '*one type*'
        Get-Content $path -Raw | Should -Be $before
    }

    It 'honors -WhatIf, refuses to replace a file without -Force, and leaves nothing half-written' {
        $path = Join-Path $TestDrive 'w.json'
        Get-FixedPoint | Export-IsometryJson $path -WhatIf
        Test-Path $path | Should -BeFalse
        Get-FixedPoint | Export-IsometryJson $path
        Get-FixedPoint | Export-IsometryJson $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'FileExists,Isometry.Cmdlets.ExportIsometryJsonCommand'
        @(Get-ChildItem $TestDrive -Filter '*.tmp*').Count | Should -Be 0
    }

    It 'has help with examples' {
        (Get-Help Export-IsometryJson -Examples).examples.example.Count | Should -BeGreaterOrEqual 2
    }
}
