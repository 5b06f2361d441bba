namespace Isometry.MeanField;

/// <summary>The phase of a random network at its fixed point.</summary>
public enum Regime
{
    /// <summary>chi &lt; 1: nearby inputs converge; gradients vanish with depth.</summary>
    Ordered,
    /// <summary>chi = 1 (within <see cref="MeanFieldTolerance.Critical"/>): the edge of chaos.</summary>
    Critical,
    /// <summary>chi &gt; 1: nearby inputs decorrelate; gradients explode with depth.</summary>
    Chaotic,
    /// <summary>The length map has no finite attracting fixed point: q grows without bound.</summary>
    Unbounded,
}

/// <summary>Tolerances shared by every mean-field computation, so all cmdlets classify alike.</summary>
public static class MeanFieldTolerance
{
    /// <summary>|chi - 1| at or below this counts as critical; also the margin for "slope = 1".</summary>
    public const double Critical = 1e-9;
}
