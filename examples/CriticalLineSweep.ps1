# A dense critical-line sweep, the kind of table people hand to colleagues or pipe to Export-Excel:
#   ./examples/CriticalLineSweep.ps1 | Export-Excel critical-line.xlsx      (with ImportExcel)
# Rows with no critical point would be errors; Tanh, HardTanh and Erf have one for every BiasStd.
param(
    [double[]] $BiasStd = (0..20 | ForEach-Object { $_ / 20 }),
    [Isometry.Activation[]] $Activation = @('Tanh', 'HardTanh', 'Erf')
)
Find-CriticalLine -Activation $Activation -BiasStd $BiasStd
