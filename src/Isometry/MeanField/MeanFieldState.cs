namespace Isometry.MeanField;

/// <summary>
/// The mean-field state of a random network at (activation, sw, sb): its fixed point q*, chi, and depth scales.
/// </summary>
/// <remarks>
/// Output of Get-FixedPoint. Not-applicable values are null (never NaN, which corrupts workbooks).
/// The type name avoids "int" and the other words that make ImportExcel write an object as one cell.
/// </remarks>
public sealed class MeanFieldState
{
    public MeanFieldState(Activation activation, double weightStd, double biasStd, double? qStar, double chi,
        double slope, bool isStable, double? linearFraction, Regime regime, double? depthScaleQ, double? depthScaleC,
        double? cStar, string? expression = null)
    {
        Expression = expression;
        Activation = activation;
        WeightStd = weightStd;
        BiasStd = biasStd;
        QStar = qStar;
        Chi = chi;
        Slope = slope;
        IsStable = isStable;
        LinearFraction = linearFraction;
        Regime = regime;
        DepthScaleQ = depthScaleQ;
        DepthScaleC = depthScaleC;
        CStar = cStar;
    }

    public Activation Activation { get; }

    /// <summary>This state for a Custom activation's expression.</summary>
    internal MeanFieldState WithExpression(string expression) =>
        new(Activation, WeightStd, BiasStd, QStar, Chi, Slope, IsStable, LinearFraction, Regime, DepthScaleQ, DepthScaleC, CStar, expression);

    /// <summary>The expression of a Custom activation (phi in x); null for the built-in ones. Binds by property name.</summary>
    public string? Expression { get; }

    public double WeightStd { get; }
    public double BiasStd { get; }

    /// <summary>The attracting fixed point of the length map; +infinity when q diverges (Unbounded);
    /// null in the marginal case (Linear at (1, 0), ReLU at (sqrt 2, 0)) where every q is fixed.</summary>
    public double? QStar { get; }

    /// <summary>sw^2 E[phi'(sqrt(q*) z)^2]; 1 is critical.</summary>
    public double Chi { get; }

    /// <summary>f'(q*), the slope of the length map at its fixed point.</summary>
    public double Slope { get; }

    /// <summary>|f'(q*)| &lt;= 1: the fixed point attracts (neutrally at slope 1).</summary>
    public bool IsStable { get; }

    /// <summary>p(q*), the fraction of units in their linear regime; null for smooth activations.</summary>
    public double? LinearFraction { get; }

    public Regime Regime { get; }

    /// <summary>xi_q = -1/ln f'(q*): layers over which q^l approaches q*; +infinity at slope 1; null when Unbounded.</summary>
    public double? DepthScaleQ { get; }

    /// <summary>xi_c = -1/ln chi_c at c*: layers over which correlations approach c*; +infinity at criticality.</summary>
    public double? DepthScaleC { get; }

    /// <summary>The attracting fixed point of the correlation map: 1 when ordered or critical, below 1 when chaotic.</summary>
    public double? CStar { get; }
}
