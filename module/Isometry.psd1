@{
    RootModule           = 'Isometry.Cmdlets.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0b8f4e-3d7c-4a8e-9a55-1d2b7c9e6a31'
    Author               = 'Isometry'
    CompanyName          = 'Isometry'
    Copyright            = '(c) Isometry. MIT License.'
    Description          = 'Signal propagation in deep random networks: mean-field fixed points, chi and the critical line, the spectrum of the input-output Jacobian from free probability (moments, edges, atoms, density) and sampled from real random networks, training deep networks from those initializations, the random-matrix warm-ups (semicircle, Marchenko-Pastur, level spacings), and workbooks, CSV, JSON and plots of the results (read back as objects, shards merged), for finding dynamical isometry. Activations: Linear, ReLU, HardTanh, Tanh, Erf, Sigmoid, SiLU, GELU, Softplus, SELU and custom expressions in x.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('Isometry.format.ps1xml')
    TypesToProcess       = @('Isometry.types.ps1xml')
    CmdletsToExport      = @('Get-LengthMap', 'Get-FixedPoint', 'Find-CriticalLine', 'Get-JacobianSpectrum', 'Measure-SpectralMoment', 'Compare-JacobianSpectrum',
                            'Export-IsometryWorkbook', 'Export-IsometryCsv', 'Export-IsometryJson', 'Export-IsometryPlot', 'Invoke-TrainingRun',
                            'Get-EnsembleSpectrum', 'Get-LevelSpacing', 'Get-AvoidedCrossing', 'Get-FreeConvolution', 'Get-PauliSum',
                            'Import-IsometryResult', 'Merge-IsometryResult')
    AliasesToExport      = @('Measure-SpectralMoments')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('DeepLearning', 'MeanField', 'RandomMatrix', 'DynamicalIsometry', 'Initialization')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
