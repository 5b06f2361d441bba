# The curriculum's last objective: does dynamical isometry at initialization speed up learning? Deep critical networks
# trained on Fashion-MNIST for the same steps from the same seeds, compared by the steps they take to reach a test
# accuracy, against the theory's variance of J J^T at initialization (Pennington, Schoenholz and Ganguli 2017).
#   dotnet pwsh -File examples/TrainingExperiment.ps1 -OutputFolder training       (depth 50, width 256: about 8 minutes here)
#   dotnet pwsh -File examples/TrainingExperiment.ps1 -OutputFolder training -Quick    (small sizes, what the tests run)
[CmdletBinding()]
param(
    [string] $OutputFolder = 'training-output',
    [switch] $Quick,
    [long[]] $Seed = @(1, 2, 3),
    [double] $Threshold = $(if ($Quick) { 0.5 } else { 0.8 })
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Support/Import-Isometry.ps1')

$depth, $width, $steps, $every, $tests = if ($Quick) { 10, 32, 60, 20, 500 } else { 50, 256, 600, 50, 2000 }
$dataset = 'FashionMnist'
if (-not (Test-Path -LiteralPath '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz')) {
    if (-not $Quick) { throw 'Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist (or run with -Quick, which falls back to the teacher task).' }
    Write-Host 'Fashion-MNIST is not installed: the quick run uses the generated teacher task.'
    $dataset = 'Teacher'
}
if (-not (Test-Path -LiteralPath $OutputFolder)) { New-Item -ItemType Directory -Path $OutputFolder | Out-Null }
$folder = (Resolve-Path -LiteralPath $OutputFolder).ProviderPath

# Critical tanh at a small and a larger q* (the bias that puts the critical point there), Gaussian and orthogonal; and
# critical ReLU, whose spectrum no bias can tighten.
function Get-CriticalBias([double] $QStar) { [math]::Sqrt([Isometry.MeanField.CriticalLineSolver]::BiasVarianceAt('Tanh', $QStar)) }
$configurations = @(
    @{ Activation = 'Tanh'; Init = 'Orthogonal'; BiasStd = (Get-CriticalBias (1 / 64)) }
    @{ Activation = 'Tanh'; Init = 'Gaussian'; BiasStd = (Get-CriticalBias (1 / 64)) }
    @{ Activation = 'Tanh'; Init = 'Orthogonal'; BiasStd = (Get-CriticalBias 1) }
    @{ Activation = 'Tanh'; Init = 'Gaussian'; BiasStd = (Get-CriticalBias 1) }
    @{ Activation = 'ReLU'; Init = 'Orthogonal'; BiasStd = 0.0 }
)
$training = @{ Depth = $depth; Width = $width; Steps = $steps; EvaluateEvery = $every; TestSamples = $tests; Optimizer = 'Momentum'
    LearningRate = 0.01; BatchSize = 128; Precision = 'Single'; Dataset = $dataset }
"Training $($configurations.Count) critical configurations x $($Seed.Count) seeds: depth $depth, width $width, $steps steps of SGD with momentum 0.9 (learning rate 0.01, batch 128, float32) on $dataset."
$clock = [Diagnostics.Stopwatch]::StartNew()
$rows = [Collections.Generic.List[object]]::new()
$run = 0
foreach ($c in $configurations) {
    foreach ($s in $Seed) {
        Write-Progress -Activity 'Training experiment' -Status "$($c.Init) $($c.Activation), BiasStd $($c.BiasStd), seed $s" -PercentComplete (100 * $run++ / ($configurations.Count * $Seed.Count))
        # A run that diverges is an error for that run; the others go on.
        Invoke-TrainingRun @c @training -Seed $s -ErrorAction Continue | ForEach-Object { $rows.Add($_) }
    }
}
Write-Progress -Activity 'Training experiment' -Completed

# Per configuration: steps to the threshold (mean and standard deviation over seeds), final accuracy, and how the
# gradient's norm changes from the first to the last hidden layer at step 0 and at the end (1: neither vanishing nor
# exploding through the depth).
# Mean and sample standard deviation (none for a single value).
function Get-Spread([double[]] $Values) {
    if ($Values.Count -eq 0) { return @{ Mean = $null; Std = $null } }
    $m = $Values | Measure-Object -Average -StandardDeviation
    @{ Mean = $m.Average; Std = if ($Values.Count -gt 1) { $m.StandardDeviation } else { $null } }
}
# The geometric mean over seeds of each run's gradient ratio, first over last hidden layer, at the given rows.
function Get-GradientRatio($Rows) {
    [math]::Exp((@($Rows | ForEach-Object { [math]::Log($_.GradientNorms[0] / $_.GradientNorms[$_.GradientNorms.Count - 2]) }) | Measure-Object -Average).Average)
}
$summary = $rows | Group-Object Init, Activation, BiasStd | ForEach-Object {
    $runs = @($_.Group | Group-Object Seed | ForEach-Object { , @($_.Group | Sort-Object Step) })
    $reached = @($runs | ForEach-Object { ($_ | Where-Object TestAccuracy -ge $Threshold | Select-Object -First 1).Step } | Where-Object { $null -ne $_ })
    $ends = $runs | ForEach-Object { $_[-1] }
    $steps = Get-Spread $reached
    $final = Get-Spread @($ends.TestAccuracy)
    $first = $_.Group[0]
    [pscustomobject]@{
        Init = $first.Init; Activation = $first.Activation; QStar = $first.QStar; WeightStd = $first.WeightStd; BiasStd = $first.BiasStd
        Variance = $first.Variance; LambdaMax = $first.LambdaMax
        Reached = "$($reached.Count) of $($runs.Count)"; StepsMean = $steps.Mean; StepsStd = $steps.Std
        FinalAccuracy = $final.Mean; FinalAccuracyStd = $final.Std
        GradientRatioStep0 = Get-GradientRatio ($runs | ForEach-Object { $_[0] }); GradientRatioEnd = Get-GradientRatio $ends
    }
}
"Steps to test accuracy $Threshold (mean and standard deviation over seeds $($Seed -join ', ')), after $([math]::Round($clock.Elapsed.TotalSeconds)) s:"
$summary | Format-Table Init, Activation, @{ n = 'QStar'; e = { '{0:G3}' -f $_.QStar } }, @{ n = 'Variance'; e = { '{0:G3}' -f $_.Variance } }, Reached,
    @{ n = 'Steps'; e = { if ($null -ne $_.StepsMean) { '{0:F0} ± {1:F0}' -f $_.StepsMean, $_.StepsStd } else { '-' } } },
    @{ n = 'Final'; e = { '{0:F3} ± {1:F3}' -f $_.FinalAccuracy, $_.FinalAccuracyStd } },
    @{ n = 'Grad0'; e = { '{0:G3}' -f $_.GradientRatioStep0 } }, @{ n = 'GradEnd'; e = { '{0:G3}' -f $_.GradientRatioEnd } } -AutoSize |
    Out-String -Width 160 | Out-Host

$rows | Export-IsometryCsv -Path (Join-Path $folder 'training.csv') -Force
$summary | Export-IsometryCsv -Path (Join-Path $folder 'summary.csv') -Force
$rows | Export-IsometryPlot -Path (Join-Path $folder 'accuracy.png') -Kind Training -Force `
    -Title "Fashion-MNIST, depth ${depth}: test accuracy (mean of $($Seed.Count) seeds)"
$rows | Export-IsometryPlot -Path (Join-Path $folder 'learning-speed.png') -Kind LearningSpeed -Threshold $Threshold -Force
"Wrote training.csv (with training.GradientNorms.csv), summary.csv, accuracy.png and learning-speed.png to $folder."
