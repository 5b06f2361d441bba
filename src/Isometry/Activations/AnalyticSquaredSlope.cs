using System;
using System.Numerics;

namespace Isometry.Activations;

/// <summary>
/// phi'(x)^2 of a smooth activation, continued off the real axis as a function of t = x^2 (phi' is even, so phi'^2 is
/// analytic in t): Gamma(t) = phi'(sqrt t)^2.
/// </summary>
/// <remarks>
/// The Stieltjes transform of the law of D^2 has poles where phi'(sqrt(q) z)^2 = zeta; knowing where they are and the
/// local expansion there lets the quadrature subtract them exactly (see FreeProbability.SquaredSlopeStieltjes).
/// </remarks>
public interface IAnalyticSquaredSlope
{
    /// <summary>log phi'(x)^2 for real x, without underflow in the tails.</summary>
    double LogSquaredSlope(double x);

    /// <summary>d/dx log phi'(x)^2 for real x.</summary>
    double LogSquaredSlopeRate(double x);

    /// <summary>
    /// How far from the real x axis the nearest singularity or repeated root of phi'^2 lies (infinity when none):
    /// quadrature panels in x must stay narrower than this.
    /// </summary>
    double SingularityDistance { get; }

    /// <summary>The root t of Gamma(t) = v nearest the real half-line t &gt;= 0 (real t for v in (0, phi'(0)^2]).</summary>
    Complex SolveSquaredSlope(Complex v);

    /// <summary>Gamma'(t) and Gamma''(t) at a point t where Gamma(t) = <paramref name="value"/>.</summary>
    (Complex First, Complex Second) SquaredSlopeDerivatives(Complex t, Complex value);
}
