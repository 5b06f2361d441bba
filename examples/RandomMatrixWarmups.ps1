# The curriculum's random-matrix warm-ups (Depth First Learning, "Resurrecting the Sigmoid", sections 3 and 4), each
# fact next to its numerical check: the avoided crossing, the 2 x 2 level spacing against the Wigner surmise, unfolded
# spacings of large Wigner matrices, the semicircle and Marchenko-Pastur laws against sampled matrices, the
# counter-example of two ensembles with the same spectrum whose sums differ, and free addition (semicircle + semicircle,
# Wigner + Wishart) and multiplication (Wishart x Wishart) against sampled sums and products, with a workbook and CSV tables of the results.
#   dotnet pwsh -File examples/RandomMatrixWarmups.ps1 -OutputFolder warmups      (about 5 s; the main job runs it as a part)
[CmdletBinding()]
param(
    [string] $OutputFolder = 'warmups',
    [string] $Workbook,
    [switch] $Quick,
    [long] $Seed = 1
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Support/Curriculum.ps1')
$output = Initialize-CurriculumOutput -OutputFolder $OutputFolder -Workbook $Workbook -Part 'RandomMatrixWarmups'
$size, $matrices, $spacings = if ($Quick) { 100, 2, 2000 } else { 400, 10, 100000 }

"1. The avoided crossing of [[Delta, J], [J, -Delta]]: eigenvalues +-sqrt(Delta^2 + J^2), a gap of 2|J| at Delta = 0."
$crossing = Get-AvoidedCrossing -Coupling 0, 0.5, 1
$crossing | Where-Object Delta -eq 0 | Format-Table | Out-Host
Save-CurriculumTable $crossing -Name AvoidedCrossing -Output $output -Csv

"2. The 2 x 2 spacing against the surmise p(s) = (s/2) exp(-s^2/4) (mean sqrt(pi), variance 4 - pi):"
$two = Get-LevelSpacing -Matrices $spacings -Seed $Seed
"3. Unfolded bulk spacings of $matrices Wigner matrices of size ${size} against the surmise at mean 1:"
$bulk = Get-LevelSpacing -Size $size -Matrices $matrices -Seed $Seed
$two, $bulk | Format-Table | Out-Host
Save-CurriculumTable ($two, $bulk | Select-Object * -ExcludeProperty Spacings) -Name LevelSpacing -Output $output -Csv
Save-CurriculumPlot @($two, $bulk) -Name spacings -Output $output

"4. The semicircle and Marchenko-Pastur laws (exact moments: Catalan, Narayana) against $matrices sampled matrices of size ${size}:"
$laws = @(
    Get-EnsembleSpectrum -Ensemble Wigner, MarchenkoPastur -Ratio 0.25, 2
    Get-EnsembleSpectrum -Ensemble Wigner, MarchenkoPastur -Ratio 0.25, 2 -Size $size -Matrices $matrices -Seed $Seed
)
$laws | Format-Table | Out-Host
Save-CurriculumTable ($laws | Select-Object * -ExcludeProperty Density, Eigenvalues) -Name Ensembles -Output $output -Csv
Save-CurriculumPlot ($laws | Where-Object Method -eq 'Sampled') -Name ensembles -Output $output -Options @{ Title = "Sampled matrices ($matrices of size $size) over their laws" }

"5. Same spectra, independent entries, different sums: z1 sigma_z + z2 sigma_z against z1 sigma_z + z2 sigma_x:"
$pauli = Get-PauliSum -Matrices ($spacings / 2) -Seed $Seed
$pauli | Format-Table | Out-Host
Save-CurriculumTable ($pauli | Select-Object * -ExcludeProperty Eigenvalues) -Name PauliSums -Output $output -Csv

"6. Free convolution: R-transforms add (two semicircles give the semicircle of variance 2; a Wigner plus an independent Wishart matrix) and S-transforms multiply (two Wishart matrices):"
$sums = @(
    Get-FreeConvolution -Ensemble Wigner, Wigner
    Get-FreeConvolution -Ensemble Wigner, Wigner -Size $size -Matrices $matrices -Seed $Seed
    Get-FreeConvolution -Ensemble Wigner, MarchenkoPastur -Ratio 0.5
    Get-FreeConvolution -Ensemble Wigner, MarchenkoPastur -Ratio 0.5 -Size $size -Matrices $matrices -Seed $Seed
    # S-transforms multiply: two Wishart laws give J J^T of a two-layer linear network (Fuss-Catalan moments 1, 3, 12, 55).
    Get-FreeConvolution -Operation Product -Ensemble MarchenkoPastur, MarchenkoPastur -Ratio 1
    Get-FreeConvolution -Operation Product -Ensemble MarchenkoPastur, MarchenkoPastur -Ratio 1 -Size $size -Matrices $matrices -Seed $Seed
)
$sums | Format-Table | Out-Host
Save-CurriculumTable ($sums | Select-Object * -ExcludeProperty Density, Eigenvalues) -Name FreeSums -Output $output -Csv
Save-CurriculumPlot ($sums | Where-Object Laws -like 'Wigner + Marchenko*') -Name free-sum -Output $output -Options @{ Title = 'Wigner + Wishart: the free convolution over sampled sums' }

"7. A product of 3 scaled Haar orthogonal matrices (WeightStd 1.2): one atom at 1.2^6, in theory and sampled:"
$haar = @(
    Get-JacobianSpectrum -Activation Linear -Init Orthogonal -WeightStd 1.2 -Depth 3
    Get-JacobianSpectrum -Activation Linear -Init Orthogonal -WeightStd 1.2 -Depth 3 -Width $size -Seed $Seed
)
$haar | Format-Table Method, Depth, WeightStd, Mean, Variance, AtomLambda, AtomMass | Out-Host

$sampled = @($laws + $sums + $pauli | Where-Object { $null -ne $_.KS })
$failed = @($two, $bulk | Where-Object { $_.KS -gt $_.KSBound + 0.012 }) + @($sampled | Where-Object { $_.KS -gt $_.KSBound })
if ($failed) { Write-Warning "$($failed.Count) sample(s) beyond their KS bound." }
"Wrote $($output.Workbook), its CSV tables and three pictures (ensembles, spacings, free-sum) to $($output.Folder)."
