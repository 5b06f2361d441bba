using System;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Isometry.PowerShell.Tests;

public class SpectrumPipelineTests : IClassFixture<SessionFixture>
{
    private readonly SessionFixture _ps;
    public SpectrumPipelineTests(SessionFixture ps) => _ps = ps;

    [Fact]
    public void DepthSweepOutOfTheBoxIsCriticalAndIsometricWhenOrthogonal()
    {
        var rows = _ps.Objects("1..200 | Get-JacobianSpectrum -Init Orthogonal");
        Assert.Equal(200, rows.Length);
        Assert.Equal(Enumerable.Range(1, 200), rows.Select(r => r.Get<int>("Depth")));
        Assert.All(rows, r =>
        {
            Assert.Equal("Orthogonal", r.Raw("Init")!.ToString());
            Assert.Equal(1.0, r.Get<double>("Mean"), 12);
            Assert.Equal(0.0, r.Get<double>("Variance"), 12);
            Assert.Equal(1.0, r.Get<double>("AtomMass"), 12);
        });
    }

    [Fact]
    public void GaussianDefaultsGiveTheFussCatalanVarianceL()
    {
        var rows = _ps.Objects("1, 10, 100 | Get-JacobianSpectrum");
        Assert.Equal(new[] { 1.0, 10, 100 }, rows.Select(r => Math.Round(r.Get<double>("Variance"), 9)));
        Assert.Equal(4.0, rows[0].Get<double>("LambdaMax"), 12);
    }

    [Fact]
    public void CriticalLineBindsByPropertyNameIntoTheSpectrum()
    {
        var rows = _ps.Objects("Find-CriticalLine -Activation HardTanh -BiasStd 0.05,0.1,0.2 | Get-JacobianSpectrum -Depth 100 -Init Orthogonal");
        Assert.Equal(new[] { 0.05, 0.1, 0.2 }, rows.Select(r => r.Get<double>("BiasStd")));
        foreach (var r in rows)
        {
            double p = r.Get<double>("LinearFraction");
            Assert.Equal(1.0, r.Get<double>("Mean"), 10);
            Assert.Equal(100 * (1 - p) / p, r.Get<double>("Variance"), 8);
            Assert.Equal(1 - p, r.Get<double>("ZeroAtomMass"), 12);
            Assert.InRange(r.Get<double>("ZeroAtomMass") + r.Get<double>("ContinuousMass"), 1 - 1e-5, 1 + 1e-5);
        }
        // Smaller bias, smaller q*, closer to isometry.
        var variances = rows.Select(r => r.Get<double>("Variance")).ToArray();
        Assert.True(variances[0] < variances[1] && variances[1] < variances[2]);
    }

    [Fact]
    public void DensityEnumeratesIntoRowsAndSummarizesInOneCell()
    {
        var rows = _ps.Objects("(Get-JacobianSpectrum -Depth 3 -Activation Linear -DensityPoints 64).Density");
        // 64 grid points, then one row per decade below the grid for the mass there.
        Assert.Equal(64, rows.Count(r => r.Get<string>("Region") == "Grid"));
        Assert.True(rows.Skip(64).All(r => r.Get<string>("Region") == "BelowGrid"));
        Assert.Equal(new[] { "Lambda", "Value", "Weight", "Cdf", "Region" }, rows[0].Properties.Select(p => p.Name));
        Assert.Equal(256.0 / 27, rows[0].Get<double>("Lambda"), 12);
        var text = _ps.Objects("(Get-JacobianSpectrum -Depth 3 -Activation Linear -DensityPoints 64).Density.ToString()");
        Assert.Matches(@"^64 points on \[[^]]+\], \d+ rows below$", text.Single().BaseObject.ToString());
    }

    [Fact]
    public void MomentsOfSpectraAreExactAndFlat()
    {
        var rows = _ps.Objects("Get-JacobianSpectrum -Depth 1, 10 -Activation ReLU -Init Orthogonal | Measure-SpectralMoment -Order 3");
        Assert.Equal(2, rows.Length);
        var r = rows[1];
        Assert.Equal("Theory", r.Get<string>("Source"));
        Assert.Equal(10, r.Get<int>("Depth"));
        Assert.Equal("ReLU", r.Raw("Activation")!.ToString());
        Assert.Equal(1.0, r.Get<double>("M1"), 12);
        // Orthogonal, p = 1/2, L = 10 at criticality: m_2 = 1 + L(1 - p)/p = 11.
        Assert.Equal(11.0, r.Get<double>("M2"), 10);
        Assert.Equal(10.0, r.Get<double>("Variance"), 10);
        Assert.Null(r.Raw("M4"));
    }

    [Fact]
    public void MomentsOfEigenvaluesPipedOneByOneOrAsAnArray()
    {
        var piped = _ps.Objects("1, 2, 3, 4 | Measure-SpectralMoment -Order 3").Single();
        Assert.Equal("Sample", piped.Get<string>("Source"));
        Assert.Equal(4, piped.Get<long>("Count"));
        Assert.Equal(2.5, piped.Get<double>("M1"));
        Assert.Equal(7.5, piped.Get<double>("M2"));
        Assert.Equal(25.0, piped.Get<double>("M3"));
        Assert.Equal(1.25, piped.Get<double>("Variance"));
        var array = _ps.Objects("Measure-SpectralMoment -Eigenvalue 1, 2, 3, 4 -Order 2").Single();
        Assert.Equal(7.5, array.Get<double>("M2"));
    }

    [Fact]
    public void SampleMomentsOfTheDensityGridApproachTheExactOnes()
    {
        // Weighted moments of the returned grid (rows with Lambda, Value, Weight) against the exact moments.
        var r = _ps.Objects(
            "$s = Get-JacobianSpectrum -Depth 5 -Activation ReLU;" +
            "$m2 = 0; foreach ($x in $s.Density) { $m2 += $x.Weight * $x.Value * $x.Lambda * $x.Lambda };" +
            "$m2, ($s | Measure-SpectralMoment -Order 2).M2").Select(o => (double)o.BaseObject).ToArray();
        Assert.Equal(r[1], r[0], 6);
        Assert.Equal(11.0, r[1], 10);   // Gaussian ReLU critical, L = 5: 1 + L/p
    }

    [Fact]
    public void BadPointsAreErrorsAndTheSweepGoesOn()
    {
        var r = _ps.Run("[pscustomobject]@{ Activation = 'ReLU'; BiasStd = 0.1 }, [pscustomobject]@{ Activation = 'HardTanh'; BiasStd = 0.1 } | Get-JacobianSpectrum -Depth 5");
        Assert.Single(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.Equal("NoCriticalPoint,Isometry.Cmdlets.GetJacobianSpectrumCommand", e.FullyQualifiedErrorId);
        var zero = _ps.Invoke("Get-JacobianSpectrum -WeightStd 0");
        Assert.Equal("ZeroWeightStd,Isometry.Cmdlets.GetJacobianSpectrumCommand", zero.Errors.Single().FullyQualifiedErrorId);
        var depth = _ps.Invoke("Get-JacobianSpectrum -Depth 0");
        Assert.StartsWith("ParameterArgumentValidationError", (depth.TerminatingError?.ErrorRecord ?? depth.Errors.Single()).FullyQualifiedErrorId);
        var none = _ps.Invoke("@() | Measure-SpectralMoment");
        Assert.Equal("NoEigenvalues,Isometry.Cmdlets.MeasureSpectralMomentCommand", none.Errors.Single().FullyQualifiedErrorId);
    }

    [Fact]
    public void SmoothActivationsAwayFromZeroHaveADensityWithMassOne()
    {
        // The critical line at BiasStd 0.05, 0.2 and 0.5 (q* from 0.15 to 1.2), piped into orthogonal depth 50.
        var r = _ps.Run("Find-CriticalLine -Activation Tanh,Erf -BiasStd 0.05,0.2,0.5 | Get-JacobianSpectrum -Depth 50 -Init Orthogonal -DensityPoints 256 -WarningVariable w; $w.Count");
        Assert.Equal(7, r.Output.Count);
        foreach (var spectrum in r.Output.Take(6))
        {
            Assert.True(spectrum.Get<bool>("HasDensity"));
            Assert.Equal(1.0, spectrum.Get<double>("ContinuousMass"), 5);
            Assert.Equal(1.0, spectrum.Get<double>("Mean"), 10);
            Assert.Equal(256, PSObject.AsPSObject(spectrum.Raw("Density")!).Get<int>("GridCount"));
            Assert.True(spectrum.Get<double>("LambdaMax") > 1.0);
        }
        Assert.Equal(0, (int)r.Output[6].BaseObject);
    }

    [Fact]
    public void ADensityThatDoesNotConvergeKeepsTheRowAndSaysWhy()
    {
        // Depth 1,000,000, a hundred times what the solver is built for: the continuation loses the density, the mass
        // check catches it, and the row still carries the exact moments.
        var r = _ps.Invoke("Get-JacobianSpectrum -Activation Tanh -WeightStd 1.927 -BiasStd 1.139 -Depth 1000000 -Init Gaussian");
        var error = Assert.Single(r.Errors);
        Assert.Equal("SpectrumNotConverged,Isometry.Cmdlets.GetJacobianSpectrumCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Contains("moments are exact", error.Exception.Message);
        var spectrum = Assert.Single(r.Output);
        Assert.False((bool)spectrum.Properties["HasDensity"].Value);
        Assert.NotNull(spectrum.Properties["DensityError"].Value);
        // (sw^2 E[phi'^2])^L underflows to 0 at this depth, rightly.
        Assert.Equal(0.0, (double)spectrum.Properties["Mean"].Value);
    }

    [Fact]
    public void AnArrayOfDepthsReportsProgressToTheEnd()
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        ps.AddScript("Get-JacobianSpectrum -Depth (1..60) -Activation HardTanh -BiasStd 0.1 -DensityPoints 16");
        var rows = ps.Invoke();
        Assert.Equal(60, rows.Count);
        var progress = ps.Streams.Progress;
        Assert.NotEmpty(progress);
        Assert.Equal("Solving Jacobian spectra", progress[0].Activity);
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
        Assert.Equal(100, progress[^1].PercentComplete);
    }

    [Fact]
    public void SpectrumTableView()
    {
        var text = _ps.Render("Get-JacobianSpectrum -Depth 10 -Activation ReLU -Init Orthogonal");
        var lines = text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
        Assert.Equal(new[] { "Depth", "Init", "Activation", "WeightStd", "BiasStd", "Mean", "Variance", "MaxEigenvalue", "ZeroAtomMass", "AtomLambda", "AtomMass" },
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(new[] { "10", "Orthogonal", "ReLU", "1.4142136", "0", "1", "10" }, lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(7));
    }
}
