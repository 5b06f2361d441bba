using System;

namespace Isometry.LinearAlgebra;

/// <summary>Householder reflectors in LAPACK's convention, shared by the managed QR and the Haar sampler.</summary>
public static class Householder
{
    /// <summary>
    /// LAPACK's dlarfg on x = data[offset .. offset + length): the reflector H = I - tau v v^T, v_0 = 1, with
    /// H x = beta e_1. On return data[offset] holds beta and the rest of x holds v below its first entry; returns tau
    /// (0 when x has nothing below its first entry, and then beta is x_0 itself).
    /// </summary>
    public static double Reflect(double[] data, int offset, int length)
    {
        double alpha = data[offset], norm = 0.0;
        for (int i = 1; i < length; i++) norm = Hypot(norm, data[offset + i]);
        if (norm == 0.0) return 0.0;
        double beta = -Math.CopySign(Hypot(alpha, norm), alpha);
        double scale = 1.0 / (alpha - beta);
        for (int i = 1; i < length; i++) data[offset + i] *= scale;
        data[offset] = beta;
        return (beta - alpha) / beta;
    }

    /// <summary>sqrt(x^2 + y^2) without overflow or underflow.</summary>
    public static double Hypot(double x, double y)
    {
        x = Math.Abs(x);
        y = Math.Abs(y);
        double big = Math.Max(x, y), small = Math.Min(x, y);
        if (big == 0.0) return 0.0;
        double r = small / big;
        return big * Math.Sqrt(1.0 + r * r);
    }
}
