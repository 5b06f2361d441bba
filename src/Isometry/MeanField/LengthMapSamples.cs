namespace Isometry.MeanField;

/// <summary>One point of the length map, q -> f(q): the curve of a cobweb plot.</summary>
public sealed class LengthMapValue
{
    public LengthMapValue(Activation activation, double weightStd, double biasStd, double q, double mapValue, double slope, string? expression = null)
    {
        Expression = expression;
        Activation = activation;
        WeightStd = weightStd;
        BiasStd = biasStd;
        Q = q;
        MapValue = mapValue;
        Slope = slope;
    }

    public Activation Activation { get; }

    /// <summary>The expression of a Custom activation; null for the built-in ones.</summary>
    public string? Expression { get; }
    public double WeightStd { get; }
    public double BiasStd { get; }
    public double Q { get; }

    /// <summary>f(q), the pre-activation variance one layer later.</summary>
    public double MapValue { get; }

    /// <summary>f'(q).</summary>
    public double Slope { get; }
}

/// <summary>The pre-activation variance q^l at one layer of a deep network: an iterate of the length map.</summary>
public sealed class LayerVariance
{
    public LayerVariance(Activation activation, double weightStd, double biasStd, int layer, double q, double chi, string? expression = null)
    {
        Expression = expression;
        Activation = activation;
        WeightStd = weightStd;
        BiasStd = biasStd;
        Layer = layer;
        Q = q;
        Chi = chi;
    }

    public Activation Activation { get; }

    /// <summary>The expression of a Custom activation; null for the built-in ones.</summary>
    public string? Expression { get; }
    public double WeightStd { get; }
    public double BiasStd { get; }

    /// <summary>0 is the input.</summary>
    public int Layer { get; }

    /// <summary>q^l.</summary>
    public double Q { get; }

    /// <summary>sw^2 E[phi'(sqrt(q^l) z)^2]: the gradient gain of the next layer at this variance.</summary>
    public double Chi { get; }
}
