# The data of a cobweb plot for the length map of a HardTanh network: the curve f(q), and the staircase
# of iterates q^0, q^1, ... that walks onto the fixed point where the curve crosses the diagonal.
param([double] $WeightStd = 1.8, [double] $BiasStd = 0.2)
$state = Get-FixedPoint -Activation HardTanh -WeightStd $WeightStd -BiasStd $BiasStd
"Fixed point q* = $($state.QStar), slope f'(q*) = $($state.Slope), chi = $($state.Chi)"
Get-LengthMap -Activation HardTanh -WeightStd $WeightStd -BiasStd $BiasStd -QMax (3 * $state.QStar) -Points 7 | Out-Host
Get-LengthMap -Activation HardTanh -WeightStd $WeightStd -BiasStd $BiasStd -InputVariance (2.5 * $state.QStar) -Depth 6 | Out-Host
