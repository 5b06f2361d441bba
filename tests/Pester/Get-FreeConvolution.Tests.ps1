# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
# A random-matrix warm-up as users call it (closed forms and sampling bounds are in the xunit suite).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Get-FreeConvolution' {
    It 'two free semicircles add to the semicircle of variance 2' {
        $s = Get-FreeConvolution -Ensemble Wigner, Wigner -DensityPoints 64
        $s.M2 | Should -Be 2
        $s.M4 | Should -BeApproximately 8 -Tolerance 1e-13
        $row = $s.Density | Where-Object { [math]::Abs($_.Lambda) -lt 0.1 } | Select-Object -First 1
        $row.Value | Should -BeApproximately ([math]::Sqrt(8 - $row.Lambda * $row.Lambda) / (4 * [math]::PI)) -Tolerance 1e-12
    }

    It 'sampled sums pass KS against the convolution, and the summands are validated' {
        $s = Get-FreeConvolution -Ensemble Wigner, MarchenkoPastur -Ratio 0.5 -Size 200 -Matrices 2
        $s.KS | Should -BeLessThan $s.KSBound
        { Get-FreeConvolution -Ensemble Wigner -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Ensemble*'
    }
}

Describe 'Get-FreeConvolution -Operation Product' {
    It 'MP(1) x MP(1) has the Fuss-Catalan moments and its sampled products pass KS' {
        $p = Get-FreeConvolution -Operation Product -Ensemble MarchenkoPastur, MarchenkoPastur -Ratio 1 -DensityPoints 64
        $p.Operation | Should -Be 'Product'
        $p.M2 | Should -BeApproximately 3 -Tolerance 1e-12
        $p.M4 | Should -BeApproximately 55 -Tolerance 1e-10
        $s = Get-FreeConvolution -Operation Product -Ensemble MarchenkoPastur, MarchenkoPastur -Ratio 0.5 -Size 200 -Matrices 2
        $s.KS | Should -BeLessThan $s.KSBound
    }

    It 'a product with a Wigner operand is an error that says why' {
        $null = Get-FreeConvolution -Operation Product -Ensemble Wigner, MarchenkoPastur -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NotPositive,*'
    }
}
