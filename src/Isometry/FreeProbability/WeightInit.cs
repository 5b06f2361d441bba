namespace Isometry;

/// <summary>How the weight matrices are drawn (MATH.md section 1).</summary>
public enum WeightInit
{
    /// <summary>W_ij ~ N(0, sw^2/N): S_WW^T(m) = 1/(sw^2 (m + 1)).</summary>
    Gaussian,
    /// <summary>W = sw O, O Haar-random orthogonal: S_WW^T = 1/sw^2, every singular value of W is sw.</summary>
    Orthogonal,
}
