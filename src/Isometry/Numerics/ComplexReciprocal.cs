using System;
using System.Runtime.CompilerServices;

namespace Isometry.Numerics;

/// <summary>1/(re + i im) in plain doubles, for quadrature hot loops where System.Numerics.Complex division's extra scaling branches dominate.</summary>
public static class ComplexReciprocal
{
    /// <summary>Smith's scaling: |re + i im|^2 is never formed, so values down to 1e-300 neither underflow nor overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Re, double Im) Of(double re, double im)
    {
        if (Math.Abs(re) >= Math.Abs(im))
        {
            double ratio = im / re, den = re + im * ratio;
            return (1.0 / den, -ratio / den);
        }
        double r = re / im, d = im + re * r;
        return (r / d, -1.0 / d);
    }
}
