# Mean field in three questions: where does the signal variance settle, is the network critical,
# and where is the critical line? Each section goes to Out-Host so it gets its own table.
#   dotnet pwsh -File examples/MeanField.ps1
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Support/Import-Isometry.ps1')

'1. Fixed points of tanh networks across the order-to-chaos transition (BiasStd 0.05):'
Get-FixedPoint -Activation Tanh -WeightStd 0.5, 1.0, 1.5, 2.5 -BiasStd 0.05 | Out-Host

'2. The critical line: for each BiasStd, the WeightStd with chi = 1.'
Find-CriticalLine -Activation Tanh, HardTanh -BiasStd 0, 0.05, 0.1, 0.2, 0.5 | Out-Host

'3. Critical points piped back into Get-FixedPoint: chi = 1 and Regime Critical by construction.'
Find-CriticalLine -Activation Erf -BiasStd 0.1, 0.3 | Get-FixedPoint | Out-Host

'4. ReLU is critical only at (sqrt 2, 0); above it the variance has no finite fixed point.'
Get-FixedPoint -Activation ReLU -WeightStd 1, 1.4142135623730951, 2 -BiasStd 0 | Out-Host

'5. How fast the variance settles: one input with q = 3 through a tanh network at WeightStd 1.5.'
Get-LengthMap -Activation Tanh -WeightStd 1.5 -BiasStd 0.05 -InputVariance 3 -Depth 8 | Out-Host
