# Pester 5, run by ./build.ps1 -Task Test in a child pwsh. Export-IsometryWorkbook as users call it: paths, clobbering, unwritable and missing folders, sheet names, -Append.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $script:spectra = 2, 10 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.05
}

Describe 'Export-IsometryWorkbook' {
    It 'writes the workbook where -Path says, and -PassThru gives its FileInfo' {
        $path = Join-Path $TestDrive 'spectra.xlsx'
        $file = $spectra | Export-IsometryWorkbook -Path $path -WorksheetName Spectra -PassThru
        $file | Should -BeOfType [IO.FileInfo]
        $file.FullName | Should -Be $path
        $file.Length | Should -BeGreaterThan 10000
    }

    It 'refuses an existing workbook without -Force, and -NoClobber refuses even -Append' {
        $path = Join-Path $TestDrive 'twice.xlsx'
        $spectra | Export-IsometryWorkbook -Path $path
        $before = (Get-Item -LiteralPath $path).LastWriteTimeUtc
        $spectra | Export-IsometryWorkbook -Path $path -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        $failure[0].Exception.Message | Should -BeLike "*twice.xlsx*"
        $spectra | Export-IsometryWorkbook -Path $path -Append -NoClobber -ErrorVariable clobber -ErrorAction SilentlyContinue
        $clobber[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        (Get-Item -LiteralPath $path).LastWriteTimeUtc | Should -Be $before
        $spectra | Export-IsometryWorkbook -Path $path -Force -NoClobber -ErrorVariable both -ErrorAction SilentlyContinue
        $both[0].FullyQualifiedErrorId | Should -BeLike 'ForceAndNoClobber,*'
    }

    It 'an unwritable folder is a WriteError and leaves nothing behind' {
        # /proc refuses new files even to root; elsewhere a read-only folder of the test's own.
        $folder = if (Test-Path /proc/self) { '/proc' } else { $TestDrive }
        $path = Join-Path $folder 'isometry-test.xlsx'
        $spectra | Export-IsometryWorkbook -Path $path -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'WriteFailed,*'
        $failure[0].CategoryInfo.Category | Should -Be 'WriteError'
        $failure[0].Exception.Message | Should -BeLike '*Nothing was written.'
        Test-Path -LiteralPath $path | Should -BeFalse
    }

    It 'a missing folder is an error that says to create it' {
        $spectra | Export-IsometryWorkbook -Path (Join-Path $TestDrive 'no/such/folder/x.xlsx') -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'FolderNotFound,*'
        $failure[0].Exception.Message | Should -BeLike '*New-Item*'
    }

    It 'a sheet name Excel cannot take is an error before anything is written' {
        $path = Join-Path $TestDrive 'badname.xlsx'
        $spectra | Export-IsometryWorkbook -Path $path -WorksheetName 'a/b' -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'BadWorksheetName,*'
        Test-Path -LiteralPath $path | Should -BeFalse
    }

    It 'appending a file that is not a workbook is an error in the module''s words' {
        $path = Join-Path $TestDrive 'not-a-workbook.xlsx'
        Set-Content -LiteralPath $path -Value 'plain text'
        $spectra | Export-IsometryWorkbook -Path $path -Append -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'NotAWorkbook,*'
        Get-Content -LiteralPath $path | Should -Be 'plain text'
    }

    It 'takes flat objects of any kind, and hashtables' {
        $path = Join-Path $TestDrive 'flat.xlsx'
        @([pscustomobject]@{ Name = 'a'; X = 1.5; Y = $null }, @{ Name = 'b'; X = 2 }) | Export-IsometryWorkbook -Path $path -PassThru |
            Should -Not -BeNullOrEmpty
    }
}
