# Pester 5, run by ./build.ps1 -Task Test in a child pwsh. Export-IsometryPlot as users call it: each picture at the asked size, SVG, and what it refuses.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-BuiltModuleManifest) -Force
    $script:spectra = 2, 10 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.05

    function Get-PngSize([string] $Path) {
        # Width and height are the big-endian integers at bytes 16 and 20 of a PNG's IHDR chunk.
        $bytes = [IO.File]::ReadAllBytes($Path)
        $bytes[1..3] | ForEach-Object { [char] $_ } | Join-String | Should -Be 'PNG'
        [pscustomobject]@{
            Width  = [int] $bytes[16] * 16777216 + [int] $bytes[17] * 65536 + [int] $bytes[18] * 256 + $bytes[19]
            Height = [int] $bytes[20] * 16777216 + [int] $bytes[21] * 65536 + [int] $bytes[22] * 256 + $bytes[23]
        }
    }
}

Describe 'Export-IsometryPlot' {
    It 'draws a PNG of the asked size: <Name>' -ForEach @(
        @{ Name = 'densities'; Command = { 2, 10, 50 | Get-JacobianSpectrum -Init Orthogonal -Activation Tanh -BiasStd 0.05 } }
        @{ Name = 'growth with depth'; Command = { 1..30 | Get-JacobianSpectrum -Init Gaussian, Orthogonal -Activation Tanh -BiasStd 0.3 } }
        @{ Name = 'critical lines'; Command = { Find-CriticalLine -Activation Tanh, HardTanh -BiasStd (0..10 | ForEach-Object { $_ / 20 }) } }
        @{ Name = 'cobweb'; Command = { Get-LengthMap -Activation Tanh -WeightStd 1.5 -BiasStd 0.3 -InputVariance 2.5 -Depth 6 } }
    ) {
        $path = Join-Path $TestDrive "$Name.png"
        & $Command | Export-IsometryPlot -Path $path -Width 640 -Height 480
        $size = Get-PngSize $path
        $size.Width | Should -Be 640
        $size.Height | Should -Be 480
        (Get-Item -LiteralPath $path).Length | Should -BeGreaterThan 10000
    }

    It 'writes SVG for a .svg path' {
        $path = Join-Path $TestDrive 'density.svg'
        $spectra | Export-IsometryPlot -Path $path
        (Get-Content -Raw -LiteralPath $path) | Should -Match '<svg'
    }

    It 'results it cannot draw are an error that says what to pipe in' {
        $path = Join-Path $TestDrive 'processes.png'
        Get-Process -Id $PID | Export-IsometryPlot -Path $path -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedResult,*'
        $failure[0].Exception.Message | Should -BeLike '*Get-JacobianSpectrum*'
        Test-Path -LiteralPath $path | Should -BeFalse
    }

    It 'an image format it does not write is an error' {
        $spectra | Export-IsometryPlot -Path (Join-Path $TestDrive 'x.jpg') -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'UnknownImageFormat,*'
    }

    It 'a -Kind name that does not exist is rejected with the names that do' {
        { $spectra | Export-IsometryPlot -Path (Join-Path $TestDrive 'y.png') -Kind Densty } | Should -Throw '*Density*'
    }
}
