# Pester 5, run by ./build.ps1 -Task Test in a child pwsh. Export-IsometryCsv as users call it: files and long tables, culture, clobbering, -Append, -WhatIf.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $script:spectra = 2, 10 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.05
}

Describe 'Export-IsometryCsv' {
    It 'writes the main table, a long table per array property and provenance, relative to the current location, in a folder with spaces' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'my results')
        Push-Location $folder
        try {
            $files = $spectra | Export-IsometryCsv -Path ./spectra.csv -PassThru
        }
        finally { Pop-Location }
        $files.Name | Should -Be @('spectra.csv', 'spectra.Density.csv', 'spectra.provenance.json')
        $rows = Import-Csv -LiteralPath (Join-Path $folder 'spectra.csv')
        $rows.Count | Should -Be 2
        [double]::Parse($rows[1].Variance, [cultureinfo]::InvariantCulture) | Should -Be $spectra[1].Variance
        $rows[0].AtomLambda | Should -Be ''
        $density = Import-Csv -LiteralPath (Join-Path $folder 'spectra.Density.csv')
        $density.Count | Should -Be ($spectra[0].Density.Count + $spectra[1].Density.Count)
        ($density | Where-Object Row -eq 2).Count | Should -Be $spectra[1].Density.Count
        $provenance = Get-Content -Raw -LiteralPath (Join-Path $folder 'spectra.provenance.json') | ConvertFrom-Json
        $provenance.Schema | Should -Be 'isometry-export/1'
        $provenance.ModuleVersion | Should -Be (Get-Module Isometry).Version.ToString()
    }

    It 'writes invariant numbers under a German culture' {
        $path = Join-Path $TestDrive 'german.csv'
        $previous = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            Get-FixedPoint -Activation Tanh -WeightStd 1.5 -BiasStd 0.25 | Export-IsometryCsv -Path $path
        }
        finally { [cultureinfo]::CurrentCulture = $previous }
        $line = (Get-Content -LiteralPath $path)[1]
        $line | Should -Match ',1\.5,0\.25,'
        $line | Should -Not -Match ';'
    }

    It 'an existing file without -Force is an error that names it, and nothing changes' {
        $path = Join-Path $TestDrive 'exists.csv'
        Set-Content -LiteralPath $path -Value 'keep me'
        $spectra | Export-IsometryCsv -Path $path -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failure[0].Exception.Message | Should -BeLike "*$path*-Force*"
        Get-Content -LiteralPath $path | Should -Be 'keep me'
        $spectra | Export-IsometryCsv -Path $path -Force
        (Import-Csv -LiteralPath $path).Count | Should -Be 2
    }

    It '-Append continues the rows and the keys of the long tables' {
        $path = Join-Path $TestDrive 'append.csv'
        $spectra | Export-IsometryCsv -Path $path
        $spectra | Export-IsometryCsv -Path $path -Append
        (Import-Csv -LiteralPath $path).Row | Should -Be @('1', '2', '3', '4')
        $density = Import-Csv -LiteralPath ($path -replace '\.csv$', '.Density.csv')
        ($density.Row | Select-Object -Unique) | Should -Be @('1', '2', '3', '4')
    }

    It '-WhatIf writes nothing' {
        $path = Join-Path $TestDrive 'whatif.csv'
        $spectra | Export-IsometryCsv -Path $path -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
        @(Get-ChildItem -LiteralPath $TestDrive -Filter 'whatif*').Count | Should -Be 0
    }

    It 'plain values are a Value column, not their properties' {
        $path = Join-Path $TestDrive 'values.csv'
        'a', 'b' | Export-IsometryCsv -Path $path
        $rows = Import-Csv -LiteralPath $path
        $rows.Value | Should -Be @('a', 'b')
        $rows[0].PSObject.Properties.Name | Should -Be @('Row', 'Value')
    }
}
