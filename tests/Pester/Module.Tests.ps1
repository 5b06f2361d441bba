# Pester 5, run by ./build.ps1 -Task Test. The module as a whole, as users meet it: its manifest, its package,
# the example scripts and batch jobs run by pwsh -File, and its objects in ImportExcel's workbooks.
BeforeDiscovery {
    $examples = Get-ChildItem (Join-Path $PSScriptRoot '../../examples') -Filter *.ps1 |
        Where-Object Name -NotIn 'SweepJob.ps1', 'Curriculum.ps1' | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $root = Get-RepositoryRoot
    $escape = [char] 27
}

Describe 'The manifest' {
    It 'passes Test-ModuleManifest and exports exactly the cmdlets' {
        $info = Test-ModuleManifest -Path (Get-BuiltModuleManifest) -ErrorAction Stop
        $info.Name | Should -Be 'Isometry'
        @($info.ExportedCmdlets.Keys | Sort-Object) |
            Should -Be @('Compare-JacobianSpectrum', 'Export-IsometryCsv', 'Export-IsometryJson', 'Export-IsometryPlot', 'Export-IsometryWorkbook', 'Find-CriticalLine', 'Get-AvoidedCrossing', 'Get-EnsembleSpectrum', 'Get-FixedPoint', 'Get-FreeConvolution',
                'Get-JacobianSpectrum', 'Get-LengthMap', 'Get-LevelSpacing', 'Get-PauliSum', 'Import-IsometryResult', 'Invoke-TrainingRun', 'Measure-SpectralMoment',
                'Merge-IsometryResult')
        $info.ExportedAliases.Keys | Should -Be @('Measure-SpectralMoments')
    }

    It 'describes what the module does today' {
        $info = Test-ModuleManifest -Path (Get-BuiltModuleManifest)
        $info.Description | Should -Not -BeLike '*coming*'
        $info.Description | Should -BeLike '*Jacobian*'
    }
}

Describe 'Example scripts under pwsh -File' {
    It '<Name> runs to exit code 0 with nothing on stderr' -ForEach $examples {
        # Long examples take -Quick (small sizes, the same code paths): the tests run that.
        $parameters = (Get-Command $Path).Parameters
        $quick = @(if ($parameters.ContainsKey('Quick')) { '-Quick' })
        # An example that writes files writes them to the test's own folder.
        if ($parameters.ContainsKey('OutputFolder')) { $quick += '-OutputFolder', (Join-Path $TestDrive ($Name -replace '\.ps1$')) }
        $run = Invoke-ChildPwsh -ArgumentList (@('-NoProfile', '-NonInteractive', '-File', $Path) + $quick)
        $run.StdErr | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $run.StdOut | Should -Not -BeNullOrEmpty
    }

    It 'Cobweb honors -Activation and scales a plot whose q* is 0' {
        $run = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'examples/Cobweb.ps1'),
            '-Activation', 'Tanh', '-WeightStd', '1', '-BiasStd', '0'
        $run.ExitCode | Should -Be 0
        $run.StdOut | Should -Match 'Tanh, WeightStd 1, BiasStd 0: q\* = 0'
        # The curve at q = 3: tanh with sw = 1, sb = 0 maps 3 to E[tanh(sqrt(3) z)^2] < 3, never all zeros.
        $run.StdOut | Should -Match '(?m)^Tanh\s+1\s+0\s+3\s+0\.\d+'
    }

    It 'rejects a parameter an example does not have' {
        $run = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'examples/Cobweb.ps1'), '-Activaton', 'Tanh'
        $run.ExitCode | Should -Be 1
        $run.StdErr | Should -Match "cannot be found that matches parameter name 'Activaton'"
    }
}

Describe 'The main job: the curriculum into one folder' {
    BeforeAll {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $folder = Join-Path $TestDrive 'my curriculum'
        $run = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'examples/Curriculum.ps1'),
            '-OutputFolder', $folder, '-Quick'
    }

    It 'runs to exit code 0 with nothing on stderr' {
        $run.StdErr | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $run.StdOut | Should -Match 'Done in \d+ s'
    }

    It 'writes the pictures, a CSV per table with its provenance, and one workbook' {
        foreach ($png in 'cobweb', 'critical-lines', 'chi-heatmap', 'growth', 'densities-by-qstar', 'densities-by-depth', 'sampled-vs-theory') {
            (Get-Item -LiteralPath (Join-Path $folder "$png.png")).Length | Should -BeGreaterThan 10000 -Because "$png.png"
        }
        foreach ($table in 'FixedPoints', 'LengthMaps', 'CriticalLines', 'DepthSweep', 'Isometry', 'Densities', 'Comparison') {
            (Import-Csv -LiteralPath (Join-Path $folder "$table.csv")).Count | Should -BeGreaterThan 1 -Because "$table.csv"
            Test-Path -LiteralPath (Join-Path $folder "$table.provenance.json") | Should -BeTrue
        }
        @(Get-ChildItem -LiteralPath $folder -Filter *.xlsx).Name | Should -Be 'curriculum.xlsx'
    }

    It 'the workbook has a sheet per table and native charts' {
        $zip = [IO.Compression.ZipFile]::OpenRead((Join-Path $folder 'curriculum.xlsx'))
        try {
            $workbook = [xml] ([IO.StreamReader]::new($zip.GetEntry('xl/workbook.xml').Open()).ReadToEnd())
            $sheets = @($workbook.workbook.sheets.sheet.name)
            foreach ($sheet in 'FixedPoints', 'LengthMaps', 'CriticalLines', 'ChiGrid', 'DepthSweep', 'Isometry', 'Densities', 'Densities.Density', 'Comparison', 'Sampled', 'Properties') {
                $sheets | Should -Contain $sheet
            }
            @($zip.Entries | Where-Object FullName -Like '*charts/chart*.xml').Count | Should -BeGreaterOrEqual 3
        }
        finally { $zip.Dispose() }
    }

    It 'a part runs on its own into a workbook of its own' {
        $alone = Join-Path $TestDrive 'alone'
        $part = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'examples/Curriculum/1-LengthMaps.ps1'),
            '-OutputFolder', $alone, '-Quick'
        $part.ExitCode | Should -Be 0
        $part.StdErr | Should -BeNullOrEmpty
        Test-Path -LiteralPath (Join-Path $alone '1-LengthMaps.xlsx') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $alone 'cobweb.png') | Should -BeTrue
    }
}

Describe 'A batch sweep job' {
    BeforeAll {
        $job = Join-Path $root 'examples/SweepJob.ps1'
    }

    It 'saves the sweep with Export-Csv and exits 0 when every point solves' {
        $csv = Join-Path $TestDrive 'ok.csv'
        $run = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', $job, '-Activation', 'HardTanh', '-OutFile', $csv
        $run.StdErr | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $rows = Import-Csv -LiteralPath $csv
        $rows.Count | Should -Be 11
        # HardTanh's critical line satisfies sw^2 erf(1/sqrt(2 q*)) = 1: read back from the file, invariant.
        foreach ($r in $rows | Select-Object -Skip 1) {
            $sw = [double]::Parse($r.WeightStd, [cultureinfo]::InvariantCulture)
            $q = [double]::Parse($r.QStar, [cultureinfo]::InvariantCulture)
            $erf = [double]::Parse($r.LinearFraction, [cultureinfo]::InvariantCulture)
            $sw * $sw * $erf | Should -BeApproximately 1 -Tolerance 1e-12
            $q | Should -BeGreaterThan 0
        }
    }

    It 'exits 1 when a point fails, keeps the points that solved, and reports the failure on stderr in plain text' {
        $csv = Join-Path $TestDrive 'relu.csv'
        $run = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', $job, '-Activation', 'ReLU', '-OutFile', $csv
        $run.ExitCode | Should -Be 1
        $run.StdErr | Should -Match 'Find-CriticalLine: '
        $run.StdErr | Should -Match 'ReLU has no critical WeightStd for BiasStd 0.1'
        $run.StdErr.Contains($escape) | Should -BeFalse
        $run.StdOut | Should -Match 'Saved 1 of 11 points'
        $rows = @(Import-Csv -LiteralPath $csv)
        $rows.Count | Should -Be 1
        [double]::Parse($rows[0].WeightStd, [cultureinfo]::InvariantCulture) | Should -BeApproximately ([math]::Sqrt(2)) -Tolerance 1e-15
    }

    It 'writes nothing under -WhatIf' {
        $csv = Join-Path $TestDrive 'whatif.csv'
        $run = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command', "& '$job' -Activation HardTanh -OutFile '$csv' -WhatIf"
        $run.ExitCode | Should -Be 0
        $run.StdOut | Should -Match 'Would save 11 of 11 points'
        $csv | Should -Not -Exist
    }

    It 'stops with exit 1 on a mistake in the job itself' {
        $run = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', $job, '-Activation', 'Softsign'
        $run.ExitCode | Should -Be 1
        $run.StdErr | Should -Match 'Softsign'
    }
}

Describe 'Packaging and installing like any module' {
    It 'build.ps1 -Task Package writes a nupkg that Install-PSResource installs, imports by name and answers Get-Help' {
        $package = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'build.ps1'), '-Task', 'Package', '-NoBuild'
        $package.ExitCode | Should -Be 0 -Because $package.StdErr
        $version = (Import-PowerShellDataFile (Get-BuiltModuleManifest)).ModuleVersion
        Join-Path $root "out/Isometry.$version.nupkg" | Should -Exist

        # A user of their own: a fresh HOME holds the PSResourceGet settings and the CurrentUser module folder.
        $userHome = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory -Path $userHome | Out-Null
        $install = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name IsometryLocal -Uri '$((Join-Path $root 'out') -replace "'", "''")' -Trusted
Install-PSResource -Name Isometry -Repository IsometryLocal -Scope CurrentUser -TrustRepository
Import-Module Isometry
(Get-Module Isometry).ModuleBase
(Get-Help Get-FixedPoint -Examples).examples.example.Count
(Find-CriticalLine -Activation ReLU).WeightStd
"@
        $run = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $install -Environment @{ HOME = $userHome }
        $run.StdErr | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $lines = $run.StdOut -split "`r?`n" | Where-Object { $_ }
        $lines[0] | Should -BeLike "$userHome*"
        [int] $lines[1] | Should -BeGreaterOrEqual 2
        [double] $lines[2] | Should -BeApproximately ([math]::Sqrt(2)) -Tolerance 1e-14
    }
}

Describe 'Workbooks through ImportExcel' {
    BeforeAll {
        $importExcel = Get-ImportExcelPath
        if ($importExcel) { Import-Module $importExcel -Force 3>$null }
    }

    It 'ImportExcel and Isometry share one session: rows round-trip as numbers and empty cells' {
        if (-not $importExcel) { Skip-Unavailable -Because 'ImportExcel is not on NuGet; its copy in ../shared/modules/ImportExcel is missing' ; return }
        $path = Join-Path $TestDrive 'fixed-points.xlsx'
        $rows = Get-FixedPoint -Activation ReLU -WeightStd 1, ([math]::Sqrt(2)) -BiasStd 0
        $rows | Export-Excel -Path $path -WarningAction SilentlyContinue
        $back = @(Import-Excel -Path $path)
        $back.Count | Should -Be 2
        $back[0].Activation | Should -Be 'ReLU'
        $back[0].Chi | Should -BeApproximately 0.5 -Tolerance 1e-15      # sw^2 / 2
        $back[1].WeightStd | Should -BeApproximately ([math]::Sqrt(2)) -Tolerance 1e-15
        $back[1].QStar | Should -BeNullOrEmpty                          # every q is fixed at the marginal point
        $back[1].Regime | Should -Be 'Critical'
    }

    It 'Export-IsometryWorkbook works in the session ImportExcel is loaded in, and Import-Excel reads its numbers back' {
        if (-not $importExcel) { Skip-Unavailable -Because 'ImportExcel is not on NuGet; its copy in ../shared/modules/ImportExcel is missing' ; return }
        $path = Join-Path $TestDrive 'both.xlsx'
        $rows = Get-FixedPoint -Activation Tanh -WeightStd 0.5, 1.5 -BiasStd 0.05
        $rows | Export-Excel -Path (Join-Path $TestDrive 'theirs.xlsx') -WarningAction SilentlyContinue
        $rows | Export-IsometryWorkbook -Path $path -WorksheetName FixedPoints
        $back = @(Import-Excel -Path $path -WorksheetName FixedPoints)
        $back.Count | Should -Be 2
        $back[1].Row | Should -Be 2
        $back[1].Chi | Should -BeOfType [double]
        $back[1].Chi | Should -Be $rows[1].Chi
        $back[0].Regime | Should -Be 'Ordered'
        (Get-ExcelSheetInfo -Path $path).Name | Should -Be @('FixedPoints', 'Properties')
    }

    It 'a spectrum exports as one row of scalars with its density summarized in one cell' {
        if (-not $importExcel) { Skip-Unavailable -Because 'ImportExcel is not on NuGet; its copy in ../shared/modules/ImportExcel is missing' ; return }
        $path = Join-Path $TestDrive 'spectra.xlsx'
        Get-JacobianSpectrum -Depth 10 -Activation ReLU -Init Orthogonal | Export-Excel -Path $path -WarningAction SilentlyContinue
        $back = @(Import-Excel -Path $path)
        $back.Count | Should -Be 1
        $back[0].Variance | Should -BeApproximately 10 -Tolerance 1e-9   # L(1 - p)/p with p = 1/2
        $back[0].Density | Should -BeLike '*points on*'
    }
}

Describe 'Default views in pwsh' {
    BeforeDiscovery {
        $tables = @(
            @{ Command = 'Get-FixedPoint -Activation Tanh, ReLU -WeightStd 0.5, 1.5, 2 -BiasStd 0.05'
               Labels = 'Activation', 'WeightStd', 'BiasStd', 'QStar', 'Chi', 'Regime', 'DepthScaleQ', 'DepthScaleC' }
            @{ Command = 'Find-CriticalLine -Activation Tanh, HardTanh -BiasStd 0, 0.001, 0.5'
               Labels = 'Activation', 'BiasStd', 'WeightStd', 'QStar', 'LinearFraction', 'IsStable' }
            @{ Command = 'Get-LengthMap -Activation Erf -WeightStd 1.3 -BiasStd 0.2 -QMax 1e-6 -Points 3'
               Labels = 'Activation', 'WeightStd', 'BiasStd', 'Q', 'MapValue', 'Slope' }
            @{ Command = 'Get-LengthMap -Activation Tanh -WeightStd 0.3 -BiasStd 0 -InputVariance 2 -Depth 40 | Select-Object -Last 2'
               Labels = 'Activation', 'WeightStd', 'BiasStd', 'Layer', 'Q', 'Chi' }
            @{ Command = 'Get-JacobianSpectrum -Depth 10, 1000000 -Activation ReLU, HardTanh, Linear -Init Gaussian, Orthogonal -WeightStd 1.2'
               Labels = 'Depth', 'Init', 'Activation', 'WeightStd', 'BiasStd', 'Mean', 'Variance', 'MaxEigenvalue', 'ZeroAtomMass', 'AtomLambda', 'AtomMass' }
            @{ Command = '(Get-JacobianSpectrum -Depth 3 -Activation Linear -DensityPoints 8).Density'
               Labels = 'Lambda', 'Value', 'Weight', 'Cdf', 'Region' }
            @{ Command = 'Invoke-TrainingRun -Dataset Teacher -Depth 3 -Width 16 -Steps 20 -EvaluateEvery 10'
               Labels = 'Step', 'TrainLoss', 'TrainAccuracy', 'TestAccuracy', 'Seconds', 'Init', 'Activation', 'Depth', 'Variance', 'Seed' }
            @{ Command = 'Get-EnsembleSpectrum -Ensemble Wigner, MarchenkoPastur -Ratio 2; Get-EnsembleSpectrum -Size 40 -Ensemble MarchenkoPastur -Ratio 0.3'
               Labels = 'Ensemble', 'Ratio', 'Method', 'Size', 'M1', 'M2', 'M4', 'KS', 'KSBound', 'ZeroAtomMass' }
            @{ Command = 'Get-LevelSpacing -Matrices 100; Get-LevelSpacing -Size 20 -Matrices 3'
               Labels = 'Size', 'Count', 'Mean', 'SurmiseMean', 'Variance', 'SurmiseVariance', 'KS', 'KSBound' }
            @{ Command = 'Get-FreeConvolution -Ensemble Wigner, MarchenkoPastur; Get-FreeConvolution -Ensemble MarchenkoPastur, MarchenkoPastur -Ratio 3, 0.25 -Size 30'
               Labels = 'Laws', 'Method', 'Size', 'M2', 'M4', 'Mass', 'KS', 'KSBound', 'ZeroAtomMass' }
            @{ Command = 'Get-PauliSum -Matrices 1000'
               Labels = 'Sum', 'Matrices', 'DensityAtZero', 'TheoryDensityAtZero', 'KS', 'KSBound' }
            @{ Command = 'Get-AvoidedCrossing -Delta -1e-7, 0, 123.456 -Coupling 0, 2'
               Labels = 'Delta', 'Coupling', 'Lower', 'Upper', 'Gap' }
        )
    }

    It 'shows every column of <Command> at 120 columns, and at 80 drops trailing columns whole' -ForEach $tables {
        foreach ($width in 120, 80) {
            $text = Invoke-Expression $Command | Out-String -Width $width
            $lines = $text -split "`r?`n" | Where-Object { $_.Trim() }
            foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual $width }
            $text | Should -Not -Match '…'
            # One header line (a wrapped label would take several), then the dashes, each as long as its label.
            $header = -split $lines[0]
            $dashes = -split $lines[1]
            $dashes | ForEach-Object { $_ | Should -Match '^-+$' }
            $dashes.Count | Should -Be $header.Count
            for ($i = 0; $i -lt $header.Count; $i++) { $dashes[$i].Length | Should -Be $header[$i].Length }
            if ($width -eq 120) { $header | Should -Be $Labels }
            else { $header | Should -Be ($Labels | Select-Object -First $header.Count) }
        }
    }

    It 'writes <Value> as <Text> in a cell of width <Width>' -ForEach @(
        @{ Value = 0.000976562500; Digits = 6; Width = 7; Text = '9.77e-4' }
        @{ Value = 0.000976562500; Digits = 6; Width = 10; Text = '0.00097656' }
        @{ Value = 1.0088535e-7; Digits = 6; Width = 10; Text = '1.00885e-7' }
        @{ Value = 2.1719e-61; Digits = 6; Width = 7; Text = '2.2e-61' }
        @{ Value = 8.6524e-124; Digits = 6; Width = 8; Text = '8.7e-124' }
        @{ Value = 1.0088535; Digits = 8; Width = 11; Text = '1.0088535' }
        @{ Value = 293.0853; Digits = 6; Width = 8; Text = '293.085' }
        @{ Value = 12345678.9; Digits = 6; Width = 8; Text = '1.235e+7' }
        @{ Value = -0.5; Digits = 6; Width = 7; Text = '-0.5' }
        @{ Value = $null; Digits = 6; Width = 7; Text = '' }
        @{ Value = [double]::PositiveInfinity; Digits = 4; Width = 11; Text = 'Infinity' }
        @{ Value = [double]::PositiveInfinity; Digits = 6; Width = 7; Text = 'Inf' }
    ) {
        [Isometry.Cmdlets.TableCell]::Number($Value, $Digits, $Width) | Should -BeExactly $Text
    }
}

Describe 'Help' {
    BeforeDiscovery {
        $cmdlets = 'Compare-JacobianSpectrum', 'Find-CriticalLine', 'Get-FixedPoint', 'Get-JacobianSpectrum', 'Get-LengthMap', 'Measure-SpectralMoment',
            'Export-IsometryWorkbook', 'Export-IsometryCsv', 'Export-IsometryPlot', 'Invoke-TrainingRun', 'Import-IsometryResult',
            'Merge-IsometryResult' | ForEach-Object { @{ Name = $_ } }
    }

    It '<Name> reads at 80 columns without a line wrapped mid-word, and points to about_Isometry' -ForEach $cmdlets {
        $text = Get-Help $Name -Full | Out-String -Width 80
        $section = ''
        foreach ($line in $text -split "`r?`n") {
            if ($line -match '^[A-Z]') { $section = $line.Trim() }
            # SYNTAX is laid out by pwsh itself; the common-parameters sentence is pwsh's too.
            if ($section -eq 'SYNTAX' -or $line -match 'about_CommonParameters') { continue }
            $line.TrimEnd().Length | Should -BeLessThan 80 -Because "pwsh would wrap it mid-word: '$line'"
        }
        $text | Should -Match 'about_Isometry'
        $text | Should -Not -Match 'MATH\.md|design card'
    }

    It 'about_Isometry explains every column of the default views and reads at 80 columns' {
        $about = Get-Help about_Isometry | Out-String -Width 80
        foreach ($line in $about -split "`r?`n") { $line.TrimEnd().Length | Should -BeLessThan 80 }
        foreach ($column in 'QStar', 'Chi', 'Regime', 'DepthScaleQ', 'DepthScaleC', 'LinearFraction', 'MapValue', 'Slope',
            'Mean', 'Variance', 'MaxEigenvalue', 'ZeroAtomMass', 'AtomLambda', 'AtomMass', 'Log10Mean', 'MassBelowGrid',
            'Cdf', 'Region', 'FractionBelow') {
            $about | Should -Match "\b$column\b"
        }
    }
}
