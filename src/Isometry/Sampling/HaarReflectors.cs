using System;

namespace Isometry.Sampling;

/// <summary>
/// A Haar-random orthogonal matrix as the Householder reflectors of a Gaussian matrix's QR, with the signs of diag(R),
/// drawn in O(N^2) instead of the O(N^3) of a QR (Stewart 1980): in the Householder QR of a Gaussian matrix, the column
/// the j-th reflector acts on is, by the rotation invariance of the Gaussian, a fresh Gaussian vector of length N - j,
/// independent of the earlier ones; so each reflector is built from a fresh vector, and W = Q diag(sign R_jj) has the
/// law of the Q of a Gaussian matrix's QR with those signs folded in: Haar. The layout is LAPACK's (dgeqrf), so the
/// backend applies Q with dormqr.
/// </summary>
public static class HaarReflectors
{
    /// <summary>
    /// Fills column j of <paramref name="v"/> below the diagonal with reflector j's vector (v_j = 1 implied),
    /// <paramref name="tau"/> with their scalars and <paramref name="signs"/> with sign(R_jj).
    /// </summary>
    public static void Draw(RandomStream stream, int n, double[] v, int ld, double[] tau, double[] signs)
    {
        for (int j = 0; j < n; j++)
        {
            int column = j * ld;
            double alpha = stream.NextGaussian(), norm = 0.0;
            for (int i = j + 1; i < n; i++)
            {
                double x = stream.NextGaussian();
                v[column + i] = x;
                norm = Hypot(norm, x);
            }
            if (norm == 0.0)
            {
                // The last column (length 1): no reflection, R_jj is the draw itself.
                tau[j] = 0.0;
                signs[j] = alpha < 0.0 ? -1.0 : 1.0;
                continue;
            }
            double beta = -Math.CopySign(Hypot(alpha, norm), alpha);
            tau[j] = (beta - alpha) / beta;
            double scale = 1.0 / (alpha - beta);
            for (int i = j + 1; i < n; i++) v[column + i] *= scale;
            v[column + j] = beta;
            signs[j] = beta < 0.0 ? -1.0 : 1.0;
        }
    }

    private static double Hypot(double x, double y)
    {
        x = Math.Abs(x);
        y = Math.Abs(y);
        double big = Math.Max(x, y), small = Math.Min(x, y);
        if (big == 0.0) return 0.0;
        double r = small / big;
        return big * Math.Sqrt(1.0 + r * r);
    }
}
