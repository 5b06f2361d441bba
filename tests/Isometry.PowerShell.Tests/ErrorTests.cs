using System;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Isometry.PowerShell.Tests;

public class ErrorTests : IClassFixture<SessionFixture>
{
    private readonly SessionFixture _ps;
    public ErrorTests(SessionFixture ps) => _ps = ps;

    [Fact]
    public void NoCriticalPointIsNonTerminatingAndTheSweepGoesOn()
    {
        var r = _ps.Run("Find-CriticalLine -Activation ReLU -BiasStd 0, 0.1, 0");
        Assert.Equal(2, r.Output.Count);
        var e = Assert.Single(r.Errors);
        Assert.Equal("NoCriticalPoint,Isometry.Cmdlets.FindCriticalLineCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("BiasStd 0.1", e.Exception.Message);
    }

    [Fact]
    public void ErrorActionStopMakesItTerminating()
    {
        var r = _ps.Invoke("Find-CriticalLine -Activation Linear -BiasStd 0.2 -ErrorAction Stop");
        Assert.NotNull(r.TerminatingError);
        Assert.Equal("NoCriticalPoint,Isometry.Cmdlets.FindCriticalLineCommand", r.TerminatingError!.ErrorRecord.FullyQualifiedErrorId);
    }

    [Theory]
    [InlineData("Get-FixedPoint -WeightStd -1", "WeightStd", "GetFixedPointCommand")]
    [InlineData("Get-FixedPoint -WeightStd NaN", "WeightStd", "GetFixedPointCommand")]
    [InlineData("Get-FixedPoint -BiasStd 0.1, ([double]::PositiveInfinity)", "BiasStd", "GetFixedPointCommand")]
    [InlineData("Find-CriticalLine -SigmaB -0.5", "BiasStd", "FindCriticalLineCommand")]
    [InlineData("Get-LengthMap -WeightStd ([double]::NaN)", "WeightStd", "GetLengthMapCommand")]
    [InlineData("Get-LengthMap -InputVariance -2", "InputVariance", "GetLengthMapCommand")]
    [InlineData("Get-LengthMap -Q 1, -1", "Q", "GetLengthMapCommand")]
    public void BadSigmasAreValidationErrorsThatNameTheParameter(string script, string parameter, string command)
    {
        var r = _ps.Invoke(script);
        var record = r.TerminatingError?.ErrorRecord ?? r.Errors.Single();
        Assert.Equal($"ParameterArgumentValidationError,Isometry.Cmdlets.{command}", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, record.CategoryInfo.Category);
        Assert.Contains($"parameter '{parameter}'", record.Exception.Message);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void UnknownActivationIsABindingErrorListingTheChoices()
    {
        var r = _ps.Invoke("Get-FixedPoint -Activation Softsign");
        var record = r.TerminatingError?.ErrorRecord ?? r.Errors.Single();
        Assert.StartsWith("ParameterArgumentTransformationError,Isometry.Cmdlets.GetFixedPointCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, record.CategoryInfo.Category);
        Assert.Contains("'Activation'", record.Exception.Message);
        Assert.Contains("Linear, ReLU, HardTanh, Tanh, Erf, Sigmoid", record.Exception.Message);
    }

    [Fact]
    public void ABadPipelineRecordFailsAloneAndTheRestGoOn()
    {
        var r = _ps.Run("[pscustomobject]@{ BiasStd = 0.1 }, [pscustomobject]@{ BiasStd = -1 }, [pscustomobject]@{ BiasStd = 0.2 } | Find-CriticalLine -Activation Tanh");
        Assert.Equal(new[] { 0.1, 0.2 }, r.Output.Select(o => o.Get<double>("BiasStd")));
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ParameterArgumentValidationError", e.FullyQualifiedErrorId);
    }

    [Fact]
    public void UnboundedPointsStayInTheOutputWithInfiniteQStar()
    {
        var rows = _ps.Objects("Get-FixedPoint -Activation ReLU -WeightStd 1, 2 -BiasStd 0.1");
        Assert.Equal(2, rows.Length);
        Assert.Equal("Unbounded", rows[1].Raw("Regime")!.ToString());
        Assert.Equal(double.PositiveInfinity, rows[1].Get<double>("QStar"));
        Assert.Null(rows[1].Raw("DepthScaleQ"));
        Assert.Equal(0.1 * 0.1 / 0.5, rows[0].Get<double>("QStar"), 15);
    }

    [Fact]
    public void NoOutputPropertyIsEverNaN()
    {
        var rows = _ps.Objects(
            "Get-FixedPoint -Activation Linear,ReLU,HardTanh,Tanh,Erf -WeightStd 0, 0.5, 1, 1.4142135623730951, 3 -BiasStd 0, 0.2;" +
            "Find-CriticalLine -Activation HardTanh,Tanh,Erf -BiasStd 0, 1e-6, 0.3, 10;" +
            "Get-LengthMap -Activation Tanh -WeightStd 3 -InputVariance 0 -Depth 3; Get-LengthMap -Activation HardTanh -QMax 5 -Points 11");
        Assert.Equal(50 + 12 + 4 + 11, rows.Length);
        foreach (var row in rows)
            foreach (var p in row.Properties)
                if (p.Value is double d) Assert.False(double.IsNaN(d), $"{p.Name} is NaN in {row}");
    }
}
