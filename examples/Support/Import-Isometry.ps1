# Dot-sourced by the examples and benchmarks: the module built in this clone (dotnet pwsh ./build.ps1), else the
# installed one (Install-PSResource Isometry), unless a session already has it.
if (-not (Get-Module Isometry)) {
    $built = Join-Path $PSScriptRoot '../../out/Isometry/Isometry.psd1'
    Import-Module $(if (Test-Path -LiteralPath $built) { $built } else { 'Isometry' }) -ErrorAction Stop
}
