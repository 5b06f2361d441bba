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
    public static void Draw(RandomStream stream, int n, double[] v, int ld, double[] tau, double[] signs) =>
        Draw(stream, n, n, v, ld, tau, signs);

    /// <summary>
    /// The first <paramref name="count"/> reflectors of a Haar orthogonal matrix of order <paramref name="n"/>: with
    /// dorgqr they give its first <paramref name="count"/> columns, a Haar-random n x count matrix with orthonormal
    /// columns (the later reflectors act only on rows those columns leave at 0).
    /// </summary>
    public static void Draw(RandomStream stream, int n, int count, double[] v, int ld, double[] tau, double[] signs)
    {
        for (int j = 0; j < count; j++)
        {
            // A fresh Gaussian vector for column j from the diagonal down, made into reflector j: R_jj is its beta.
            int column = j * ld;
            for (int i = j; i < n; i++) v[column + i] = stream.NextGaussian();
            tau[j] = LinearAlgebra.Householder.Reflect(v, column + j, n - j);
            signs[j] = v[column + j] < 0.0 ? -1.0 : 1.0;
        }
    }
}
