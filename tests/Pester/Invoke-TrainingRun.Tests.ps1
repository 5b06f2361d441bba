# Pester 5, run by ./build.ps1 -Task Test in a child pwsh. Invoke-TrainingRun as users call it: rows per evaluation,
# pipeline binding, determinism, divergence, the dataset's absence, and the training plots.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $script:fashion = Test-Path -LiteralPath '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'
}

Describe 'Invoke-TrainingRun' {
    It 'writes a row at step 0 and every EvaluateEvery steps, with the configuration and its theory at initialization' {
        $rows = @(Invoke-TrainingRun -Dataset Teacher -Activation Tanh -BiasStd 0.05 -Depth 4 -Width 32 -Steps 200 -EvaluateEvery 100)
        $rows.Step | Should -Be @(0, 100, 200)
        $rows[-1].TrainLoss | Should -BeLessThan $rows[0].TrainLoss
        $critical = Find-CriticalLine -Activation Tanh -BiasStd 0.05
        $rows[0].WeightStd | Should -Be $critical.WeightStd
        $theory = Get-JacobianSpectrum -Depth 4 -Init Orthogonal -Activation Tanh -BiasStd 0.05
        $rows[0].Variance | Should -BeApproximately $theory.Variance -Tolerance 1e-12
        $rows[0].GradientNorms.Count | Should -Be 5
        $rows[0].InputVariance | Should -BeApproximately $critical.QStar -Tolerance 1e-12
    }

    It 'binds Find-CriticalLine output by property name and trains one network per Init' {
        $rows = @(Find-CriticalLine -Activation HardTanh -BiasStd 0.1 |
            Invoke-TrainingRun -Dataset Teacher -Init Gaussian, Orthogonal -Depth 3 -Width 16 -Steps 20 -EvaluateEvery 20)
        $rows.Init | Should -Be @('Gaussian', 'Gaussian', 'Orthogonal', 'Orthogonal')
        $rows.Activation | Select-Object -Unique | Should -Be 'HardTanh'
    }

    It 'the same seed gives the same losses bit for bit' {
        $a = Invoke-TrainingRun -Dataset Teacher -Depth 3 -Width 16 -Steps 50 -EvaluateEvery 25 -Seed 5
        $b = Invoke-TrainingRun -Dataset Teacher -Depth 3 -Width 16 -Steps 50 -EvaluateEvery 25 -Seed 5
        $a.TrainLoss | Should -Be $b.TrainLoss
        $a.TestLoss | Should -Be $b.TestLoss
    }

    It 'a loss that stops being a number is a TrainingDiverged error at its step, and the rows before it stay' {
        $rows = @(Invoke-TrainingRun -Dataset Teacher -Activation ReLU -Init Gaussian -WeightStd 1.5 -Depth 6 -Width 32 -Steps 100 `
            -LearningRate 1e12 -Optimizer Sgd -EvaluateEvery 1 -ErrorVariable failure -ErrorAction SilentlyContinue)
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'TrainingDiverged,*'
        $failure[0].Exception.Message | Should -Match "step $($rows.Count)\b"
        $rows.Count | Should -BeGreaterThan 0
    }

    It 'a missing dataset is an error that says how to install it' {
        Invoke-TrainingRun -DatasetPath (Join-Path $TestDrive 'nothing') -Steps 1 -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'DatasetNotFound,*'
        $failure[0].Exception.Message | Should -BeLike '*apt-get install dataset-fashion-mnist*'
    }

    It 'trains on Fashion-MNIST: a critical orthogonal tanh network of depth 20 learns in 200 steps' {
        if (-not $fashion) { Skip-Unavailable -Because 'Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)'; return }
        $rows = @(Invoke-TrainingRun -Depth 20 -Width 64 -Steps 200 -EvaluateEvery 200 -TestSamples 2000 -LearningRate 0.003 -Precision Single)
        $rows[0].Dataset | Should -Be 'Fashion-MNIST'
        $rows[0].TestAccuracy | Should -BeLessThan 0.3
        $rows[-1].TestAccuracy | Should -BeGreaterThan 0.7
    }

    It 'its rows plot as test accuracy against step and learning speed against the theory''s variance' {
        $rows = foreach ($init in 'Gaussian', 'Orthogonal') {
            foreach ($seed in 1, 2) { Invoke-TrainingRun -Dataset Teacher -Init $init -Depth 6 -Width 32 -Steps 100 -EvaluateEvery 20 -Seed $seed }
        }
        $curves = Join-Path $TestDrive 'curves.png'
        $rows | Export-IsometryPlot -Path $curves -Width 640 -Height 480
        (Get-Item -LiteralPath $curves).Length | Should -BeGreaterThan 10000
        $speed = Join-Path $TestDrive 'speed.png'
        $rows | Export-IsometryPlot -Path $speed -Kind LearningSpeed -Threshold 0.5
        Test-Path -LiteralPath $speed | Should -BeTrue
    }
}
