# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
# A random-matrix warm-up as users call it (closed forms and sampling bounds are in the xunit suite).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Get-PauliSum' {
    It 'the same-axis sum is finite at 0 and the crossed one repels from it' {
        $same, $crossed = Get-PauliSum -Matrices 20000 -Seed 3
        $same.Pair | Should -Be 'SameAxis'
        $same.DensityAtZero | Should -BeGreaterThan 0.2
        $crossed.DensityAtZero | Should -BeLessThan 0.04
        $crossed.KS | Should -BeLessThan $crossed.KSBound
    }
}
