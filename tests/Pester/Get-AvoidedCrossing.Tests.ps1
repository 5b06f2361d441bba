# Pester 5, run by ./build.ps1 -Task Test in a child pwsh, so a rebuilt DLL is the one loaded.
# A random-matrix warm-up as users call it (closed forms and sampling bounds are in the xunit suite).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
}

Describe 'Get-AvoidedCrossing' {
    It 'the gap is 2|J| at Delta = 0 and larger elsewhere' {
        $rows = Get-AvoidedCrossing -Delta -1, 0, 1 -Coupling 0.5
        ($rows | Where-Object Delta -eq 0).Gap | Should -Be 1
        ($rows | Where-Object Delta -ne 0).Gap | ForEach-Object { $_ | Should -BeGreaterThan 1 }
    }

    It 'takes Delta from the pipeline, and a non-finite value is an error for that point only' {
        $rows = -1..1 | Get-AvoidedCrossing -Coupling 2
        $rows.Count | Should -Be 3
        $rows.Gap | ForEach-Object { $_ | Should -BeGreaterOrEqual 4 }
        $rows = Get-AvoidedCrossing -Delta 0, ([double]::NaN), 1 -Coupling 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $rows.Count | Should -Be 2
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NotFinite,*'
    }
}
