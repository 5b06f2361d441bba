# Pester 5, run by ./build.ps1 -Task Test in a child pwsh. Exports read back as the module's own objects.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Import-IsometryResult' {
    It 'restores fixed points with their types, exact doubles, nulls and enums' {
        $path = Join-Path $TestDrive 'fp.csv'
        $rows = Get-FixedPoint -Activation Tanh, ReLU -WeightStd 1.2, 2.5 -BiasStd 0.3
        $rows | Export-IsometryCsv $path
        $back = Import-IsometryResult $path
        $back.Count | Should -Be 4
        foreach ($i in 0..3) {
            $back[$i] | Should -BeOfType ([Isometry.MeanField.MeanFieldState])
            $back[$i].Regime | Should -BeOfType ([Isometry.MeanField.Regime])
            foreach ($p in 'WeightStd', 'BiasStd', 'QStar', 'Chi', 'Slope', 'DepthScaleQ', 'DepthScaleC', 'CStar', 'LinearFraction', 'Activation', 'IsStable') {
                if ($null -eq $rows[$i].$p) { $back[$i].$p | Should -BeNullOrEmpty } else { $back[$i].$p.Equals($rows[$i].$p) | Should -BeTrue -Because "$p of row $i" }
            }
        }
        # Restored objects bind to the next cmdlet by property name.
        ($back[0] | Get-JacobianSpectrum -Depth 3).WeightStd | Should -Be 1.2
    }

    It 'restores theory spectra whose exact moments are those of the run that wrote them' {
        $path = Join-Path $TestDrive 'js.csv'
        $rows = Get-JacobianSpectrum -Depth 2, 8 -Init Orthogonal -Activation Tanh, HardTanh -BiasStd 0.2 -DensityPoints 32
        $rows | Export-IsometryCsv $path
        $back = Import-IsometryResult $path
        foreach ($i in 0..3) {
            $back[$i] | Should -BeOfType ([Isometry.FreeProbability.JacobianSpectrum])
            $back[$i].Density.Count | Should -Be $rows[$i].Density.Count
            $back[$i].Density[5].Lambda.Equals($rows[$i].Density[5].Lambda) | Should -BeTrue
            $m = ($back[$i] | Measure-SpectralMoment -Order 4)
            $r = ($rows[$i] | Measure-SpectralMoment -Order 4)
            foreach ($k in 1..4) { $m.Moment($k).Equals($r.Moment($k)) | Should -BeTrue -Because "m$k of row $i" }
        }
    }

    It 'restores sampled spectra with their eigenvalues' {
        $path = Join-Path $TestDrive 'sj.csv'
        $rows = Get-JacobianSpectrum -Depth 3 -Activation Tanh -BiasStd 0.1 -Width 30 -Seed 3
        $rows | Export-IsometryCsv $path
        $back = Import-IsometryResult $path
        [double[]]$back.Eigenvalues | Should -Be ([double[]]$rows.Eigenvalues)
        $back.Seed | Should -Be 3
        # The comparison with the theory reads the same numbers from the restored spectrum (one network: its moments too).
        $restored = $back | Compare-JacobianSpectrum
        $original = $rows | Compare-JacobianSpectrum
        foreach ($p in 'KS', 'W1LogLambda', 'M2RelativeError', 'M2StandardError') { $restored.$p | Should -Be $original.$p -Because $p }
    }

    It 'reads the same spectra back from JSON and from a workbook, bit for bit, with <Kind>' -ForEach @(
        @{ Kind = 'densities'; Sampled = $false }, @{ Kind = 'eigenvalues and per-network moments'; Sampled = $true }
    ) {
        $rows = if ($Sampled) { Get-JacobianSpectrum -Depth 2, 4 -Activation SELU -WeightStd 1 -BiasStd 0 -Width 40 -Networks 3 -Seed 11 }
                else { Get-JacobianSpectrum -Depth 2, 8 -Init Orthogonal -Activation Tanh, ReLU -BiasStd 0.2 -DensityPoints 32 }
        $json = Join-Path $TestDrive 'spectra.json'
        $book = Join-Path $TestDrive 'spectra.xlsx'
        $named = Join-Path $TestDrive 'named.xlsx'
        $rows | Export-IsometryJson $json -Force
        $rows | Export-IsometryWorkbook $book -Force
        # A sheet the user named is still recognized by its columns.
        $rows | Export-IsometryWorkbook $named -Force -WorksheetName 'MySweep'
        foreach ($file in $json, $book, $named) {
            $back = Import-IsometryResult $file
            $back.Count | Should -Be $rows.Count -Because $file
            foreach ($i in 0..($rows.Count - 1)) {
                $back[$i] | Should -BeOfType ([Isometry.FreeProbability.JacobianSpectrum])
                foreach ($p in 'Depth', 'Init', 'Activation', 'WeightStd', 'BiasStd', 'QStar', 'Chi', 'Mean', 'Variance', 'LambdaMax', 'AtomLambda', 'AtomMass', 'ContinuousMass', 'Seed', 'Networks') {
                    if ($null -eq $rows[$i].$p) { $back[$i].$p | Should -BeNullOrEmpty -Because "$p in $file" }
                    else { $back[$i].$p.Equals($rows[$i].$p) | Should -BeTrue -Because "$p of row $i in $file" }
                }
                if ($Sampled) {
                    [double[]]$back[$i].Eigenvalues | Should -Be ([double[]]$rows[$i].Eigenvalues)
                    $c = $back[$i] | Compare-JacobianSpectrum
                    $o = $rows[$i] | Compare-JacobianSpectrum
                    # Three networks: the standard errors come from the per-network moments the export kept.
                    foreach ($p in 'KS', 'M1StandardError', 'M4StandardError') { $c.$p.Equals($o.$p) | Should -BeTrue -Because "$p in $file" }
                    $o.M1StandardError | Should -BeGreaterThan 0
                }
                else {
                    ($back[$i].Density.Lambda -join ',') | Should -Be ($rows[$i].Density.Lambda -join ',')
                    ($back[$i].Density.Cdf -join ',') | Should -Be ($rows[$i].Density.Cdf -join ',')
                    ($back[$i] | Measure-SpectralMoment -Order 3).M3.Equals(($rows[$i] | Measure-SpectralMoment -Order 3).M3) | Should -BeTrue
                }
            }
        }
    }

    It 'reads other tables as objects with typed cells, and binds Get-ChildItem output' {
        $folder = Join-Path $TestDrive 'lm'
        $null = New-Item -ItemType Directory -Path $folder
        Get-LengthMap -Activation Erf -WeightStd 1.5 -Points 5 | Export-IsometryCsv (Join-Path $folder 'lm.csv')
        $back = Get-ChildItem $folder -Filter 'lm.csv' | Import-IsometryResult
        $back.Count | Should -Be 5
        $back[2].Q | Should -BeOfType ([double])
        $back[0].PSObject.TypeNames[0] | Should -Be 'Isometry.Imported.LengthMapValue'
    }

    It 'says what is wrong with a file that is not an export, and goes on' {
        $bad = Join-Path $TestDrive 'other.csv'
        Set-Content $bad 'a,b'
        Set-Content (Join-Path $TestDrive 'x.json') '{}'
        Set-Content (Join-Path $TestDrive 'x.txt') 'text'
        Set-Content (Join-Path $TestDrive 'x.xlsx') 'not a zip'
        $good = Join-Path $TestDrive 'good.csv'
        Get-FixedPoint | Export-IsometryCsv $good
        $rows = Import-IsometryResult $bad, $good, (Join-Path $TestDrive 'none.csv'), (Join-Path $TestDrive 'x.json'), (Join-Path $TestDrive 'x.txt'), (Join-Path $TestDrive 'x.xlsx') -ErrorVariable errors -ErrorAction SilentlyContinue
        @($rows).Count | Should -Be 1
        $errors.FullyQualifiedErrorId | Should -Be 'NotAnIsometryExport,Isometry.Cmdlets.ImportIsometryResultCommand', 'ResultFileNotFound,Isometry.Cmdlets.ImportIsometryResultCommand', 'NotAnIsometryExport,Isometry.Cmdlets.ImportIsometryResultCommand', 'UnsupportedResultFormat,Isometry.Cmdlets.ImportIsometryResultCommand', 'NotAnIsometryExport,Isometry.Cmdlets.ImportIsometryResultCommand'
        $errors[3].Exception.Message | Should -BeLike '*CSV*JSON*workbook*'
    }

    It 'has help with examples' {
        (Get-Help Import-IsometryResult -Examples).examples.example.Count | Should -BeGreaterOrEqual 2
    }
}
