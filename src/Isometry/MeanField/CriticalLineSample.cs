namespace Isometry.MeanField;

/// <summary>
/// One point of the critical line chi(sw, sb) = 1: for a BiasStd, the WeightStd that makes the network critical.
/// </summary>
/// <remarks>
/// Output of Find-CriticalLine. Its Activation, WeightStd and BiasStd bind by property name to the other cmdlets.
/// </remarks>
public sealed class CriticalLineSample
{
    public CriticalLineSample(Activation activation, double biasStd, double weightStd, double? qStar, double chi,
        double? linearFraction, bool isStable = true, string? expression = null)
    {
        Expression = expression;
        IsStable = isStable;
        Activation = activation;
        BiasStd = biasStd;
        WeightStd = weightStd;
        QStar = qStar;
        Chi = chi;
        LinearFraction = linearFraction;
    }

    public Activation Activation { get; }

    /// <summary>The expression of a Custom activation (phi in x); null for the built-in ones. Binds by property name.</summary>
    public string? Expression { get; }
    public double BiasStd { get; }

    /// <summary>The critical sw for this sb.</summary>
    public double WeightStd { get; }

    /// <summary>q* on the critical line; null at the marginal points of Linear (1, 0) and ReLU (sqrt 2, 0).</summary>
    public double? QStar { get; }

    /// <summary>chi recomputed at (WeightStd, BiasStd, q*): 1 up to rounding.</summary>
    public double Chi { get; }

    /// <summary>p(q*) for piecewise-linear activations; null for smooth ones.</summary>
    public double? LinearFraction { get; }

    /// <summary>
    /// Whether q* attracts: the length map's slope there is at most 1. True for every bounded activation; false for SiLU and
    /// GELU with a bias, where chi = 1 only at a repelling fixed point (the map's slope exceeds chi by sw^2 E[phi phi'']).
    /// </summary>
    public bool IsStable { get; }
}
