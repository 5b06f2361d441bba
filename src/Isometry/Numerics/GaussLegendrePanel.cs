namespace Isometry.Numerics;

/// <summary>
/// The 16-point Gauss-Legendre rule on [-1, 1], built once: the panel rule of the composite quadratures with fixed
/// nodes (Mehler's series, the Stieltjes transform with its pole subtracted), mapped onto each panel by its caller.
/// </summary>
internal static class GaussLegendrePanel
{
    public const int Order = 16;

    public static readonly double[] Nodes, Weights;

    static GaussLegendrePanel()
    {
        var rule = new MathNet.Numerics.Integration.GaussLegendreRule(-1.0, 1.0, Order);
        Nodes = rule.Abscissas;
        Weights = rule.Weights;
    }
}
