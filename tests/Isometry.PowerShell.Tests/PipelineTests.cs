using System;
using System.Linq;
using Xunit;

namespace Isometry.PowerShell.Tests;

public class PipelineTests : IClassFixture<SessionFixture>
{
    private readonly SessionFixture _ps;
    public PipelineTests(SessionFixture ps) => _ps = ps;

    [Fact]
    public void ForEachObjectSweepOverWeightStd()
    {
        var rows = _ps.Objects("0.5,1.0,1.5 | ForEach-Object { Get-FixedPoint -Activation Tanh -WeightStd $_ -BiasStd 0.05 }");
        Assert.Equal(new[] { 0.5, 1.0, 1.5 }, rows.Select(r => r.Get<double>("WeightStd")));
        Assert.Equal(new[] { "Ordered", "Ordered", "Chaotic" }, rows.Select(r => r.Raw("Regime")!.ToString()));
        var chis = rows.Select(r => r.Get<double>("Chi")).ToArray();
        Assert.True(chis[0] < chis[1] && chis[1] < 1 && chis[2] > 1);
        Assert.All(rows, r => Assert.Equal("Isometry.MeanField.MeanFieldState", r.BaseObject.GetType().FullName));
    }

    [Fact]
    public void QStarFromGetFixedPointIsAFixedPointOfGetLengthMap()
    {
        var rows = _ps.Objects("Get-FixedPoint -Activation Tanh,HardTanh,Erf -WeightStd 1.4 -BiasStd 0.3 | ForEach-Object { Get-LengthMap -Activation $_.Activation -WeightStd 1.4 -BiasStd 0.3 -Q $_.QStar }");
        Assert.Equal(3, rows.Length);
        foreach (var r in rows)
        {
            double q = r.Get<double>("Q"), f = r.Get<double>("MapValue");
            Assert.True(Math.Abs(f - q) <= 1e-13 * q, $"{r.Raw("Activation")}: f({q}) = {f}");
        }
    }

    [Fact]
    public void ArraysGiveTheFullGridActivationMajor()
    {
        var rows = _ps.Objects("Get-FixedPoint -Activation Tanh,HardTanh -WeightStd 0.5,1,1.5 -BiasStd 0,0.1");
        Assert.Equal(12, rows.Length);
        var keys = rows.Select(r => $"{r.Raw("Activation")}/{r.Get<double>("WeightStd")}/{r.Get<double>("BiasStd")}").ToArray();
        Assert.Equal(12, keys.Distinct().Count());
        Assert.Equal("Tanh/0.5/0", keys[0]);
        Assert.Equal("Tanh/0.5/0.1", keys[1]);
        Assert.Equal("HardTanh/1.5/0.1", keys[^1]);
    }

    [Fact]
    public void CriticalLineBindsByPropertyNameIntoGetFixedPoint()
    {
        var rows = _ps.Objects("Find-CriticalLine -Activation HardTanh -BiasStd 0.05,0.1,0.2 | Get-FixedPoint");
        Assert.Equal(new[] { 0.05, 0.1, 0.2 }, rows.Select(r => r.Get<double>("BiasStd")));
        Assert.All(rows, r =>
        {
            Assert.Equal("HardTanh", r.Raw("Activation")!.ToString());
            Assert.InRange(r.Get<double>("Chi"), 1 - 1e-11, 1 + 1e-11);
            Assert.Equal("Critical", r.Raw("Regime")!.ToString());
        });
    }

    [Fact]
    public void AliasesBindByPropertyName()
    {
        var rows = _ps.Objects("[pscustomobject]@{ Activation = 'Erf'; SigmaW = 1.2; SigmaB = 0.1 } | Get-FixedPoint");
        Assert.Single(rows);
        Assert.Equal(1.2, rows[0].Get<double>("WeightStd"));
        Assert.Equal(0.1, rows[0].Get<double>("BiasStd"));
        Assert.Equal("Erf", rows[0].Raw("Activation")!.ToString());
    }

    [Fact]
    public void BiasStdBindsByValueIntoFindCriticalLine()
    {
        var rows = _ps.Objects("0, 0.05, 0.1 | Find-CriticalLine -Activation Tanh");
        var sw = rows.Select(r => r.Get<double>("WeightStd")).ToArray();
        Assert.Equal(1.0, sw[0]);
        Assert.True(sw[1] > sw[0] && sw[2] > sw[1]);
    }

    [Fact]
    public void IteratedLengthMapSettlesOnQStar()
    {
        var rows = _ps.Objects("Get-FixedPoint -Activation Erf -WeightStd 1.3 -BiasStd 0.2 | Get-LengthMap -InputVariance 2 -Depth 60");
        Assert.Equal(61, rows.Length);
        Assert.Equal(0, rows[0].Get<int>("Layer"));
        Assert.Equal(2.0, rows[0].Get<double>("Q"));
        double qStar = (double)_ps.Objects("(Get-FixedPoint -Activation Erf -WeightStd 1.3 -BiasStd 0.2).QStar")[0].BaseObject;
        Assert.True(Math.Abs(rows[^1].Get<double>("Q") - qStar) < 1e-12 * qStar);
    }

    [Fact]
    public void LengthMapDefaultGridRunsFromZeroToQMax()
    {
        var rows = _ps.Objects("Get-LengthMap -Activation ReLU -WeightStd 1 -BiasStd 0.5 -QMax 4 -Points 5");
        Assert.Equal(new[] { 0.0, 1, 2, 3, 4 }, rows.Select(r => r.Get<double>("Q")));
        // ReLU: f(q) = q sw^2 / 2 + sb^2 exactly.
        Assert.Equal(new[] { 0.25, 0.75, 1.25, 1.75, 2.25 }, rows.Select(r => r.Get<double>("MapValue")));
    }
}
