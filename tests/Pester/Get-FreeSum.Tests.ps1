# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
# A random-matrix warm-up as users call it (closed forms and sampling bounds are in the xunit suite).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Get-FreeSum' {
    It 'two free semicircles add to the semicircle of variance 2' {
        $s = Get-FreeSum -Ensemble Wigner, Wigner -DensityPoints 64
        $s.M2 | Should -Be 2
        $s.M4 | Should -BeApproximately 8 -Tolerance 1e-13
        $row = $s.Density | Where-Object { [math]::Abs($_.Lambda) -lt 0.1 } | Select-Object -First 1
        $row.Value | Should -BeApproximately ([math]::Sqrt(8 - $row.Lambda * $row.Lambda) / (4 * [math]::PI)) -Tolerance 1e-12
    }

    It 'sampled sums pass KS against the convolution, and the summands are validated' {
        $s = Get-FreeSum -Ensemble Wigner, MarchenkoPastur -Ratio 0.5 -Size 200 -Matrices 2
        $s.KS | Should -BeLessThan $s.KSBound
        { Get-FreeSum -Ensemble Wigner -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Ensemble*'
    }
}
