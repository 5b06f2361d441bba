# Dynamical isometry in five steps: the Jacobian spectrum of deep critical networks from free probability.
#   dotnet pwsh -File examples/Spectrum.ps1
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Support/Import-Isometry.ps1')

'1. Critical networks at q* -> 0 (the defaults: tanh at WeightStd 1, BiasStd 0). Orthogonal weights: every'
'   squared singular value is exactly 1 at any depth. Gaussian weights: the variance grows as L.'
1, 10, 100 | Get-JacobianSpectrum -Init Orthogonal | Out-Host
1, 10, 100 | Get-JacobianSpectrum -Init Gaussian | Out-Host

'2. Critical hard-tanh networks of depth 100: a smaller bias means a smaller q*, more units in the linear'
'   regime (p) and a spectrum closer to 1 (variance L(1 - p)/p with orthogonal weights).'
Find-CriticalLine -Activation HardTanh -BiasStd 0.02, 0.05, 0.1, 0.2 | Get-JacobianSpectrum -Depth 100 -Init Orthogonal | Out-Host

'3. Exact moments, flat for a spreadsheet.'
Get-JacobianSpectrum -Depth 1, 10, 100 -Activation ReLU -Init Orthogonal | Measure-SpectralMoment -Order 3 | Out-Host

'4. The density of a 3-layer linear Gaussian network (Fuss-Catalan), every 64th grid point:'
$spectrum = Get-JacobianSpectrum -Depth 3 -Activation Linear
"   {0}; atom at 0: {1}; continuous mass {2:F9}" -f $spectrum.Density.ToString(), $spectrum.ZeroAtomMass, $spectrum.ContinuousMass
$i = 0
$spectrum.Density | Where-Object { ($i++ % 64) -eq 0 } | Out-Host

'5. Critical tanh networks away from q* = 0: D^2 has a continuous law, and the density is computed all the same.'
'   The larger the bias, the larger q*, the wider the spectrum; orthogonal weights keep it narrower.'
Find-CriticalLine -Activation Tanh -BiasStd 0.05, 0.3 | Get-JacobianSpectrum -Depth 100 -Init Orthogonal, Gaussian | Out-Host
