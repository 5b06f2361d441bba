using System;
using System.Numerics;
using Isometry.Activations;

namespace Isometry.FreeProbability;

/// <summary>
/// The law of one diagonal entry of D^2, d = phi'(sqrt(q*) z)^2, and the pieces of its S-transform the Jacobian
/// spectrum needs. With zeta(m) = M_D^-1(m), 1/S_D(m) = m zeta(m) / (1 + m).
/// </summary>
public abstract class DiagonalLaw
{
    /// <summary>mu_0 .. mu_order, mu_k = E[d^k] (mu_0 = 1).</summary>
    public abstract double[] Moments(int order);

    /// <summary>P(d = 0): the atom of the Jacobian spectrum at 0 (J has rank about (1 - this) N).</summary>
    public abstract double ZeroMass { get; }

    /// <summary>p for a Bernoulli law; null for a continuous one.</summary>
    public abstract double? LinearFraction { get; }

    /// <summary>
    /// Where M(z) tends as z -> 0 on the physical sheet: minus the mass of the continuous part's neighbourhood of 0,
    /// -p for a Bernoulli law and -1 for a continuous one. The density near lambda = 0 lives in m - Anchor, which
    /// shrinks like lambda^(1/L): carrying that difference instead of m keeps its digits.
    /// </summary>
    public abstract double Anchor { get; }

    /// <summary>
    /// The S-transform curve of the law at parameter u: y = m - Anchor, m itself (each formed where it keeps its digits),
    /// dm/du, log zeta or log(m zeta) (see <see cref="LawPoint"/>) and the derivative of log(m zeta) in u.
    /// A Bernoulli law uses u = y itself; a continuous law uses u = zeta, so that m = M_D(zeta) is evaluated rather
    /// than M_D inverted.
    /// </summary>
    public abstract LawPoint At(Complex u);

    /// <summary>True for a two-point law, whose curve parameter is y itself.</summary>
    internal abstract bool IsBernoulli { get; }

    /// <summary>Applies a Newton step to u without jumping across a branch point or cut of the parameter.</summary>
    internal abstract Complex Step(Complex u, Complex step, out bool clipped);

    /// <summary>Whether u lies on the physical sheet (Im m &lt; 0, the side of lambda + i0).</summary>
    internal abstract bool IsPhysical(Complex u, Complex y);

    /// <summary>mu_k = E[phi'(sqrt(q) z)^(2k)] by quadrature.</summary>
    protected static double SquaredSlopeMoment(ActivationFunction phi, double q, int k)
    {
        int power = 2 * k;
        return phi.OverU(q, u => Math.Pow(phi.Derivative(u), power));
    }

    /// <summary>The relative rounding of one evaluation of log(m zeta).</summary>
    internal virtual double Noise => 4e-16;

    /// <summary>The law of D^2 for an activation at the fixed point q*.</summary>
    public static DiagonalLaw For(ActivationFunction phi, double qStar) =>
        phi.IsPiecewiseLinear ? new BernoulliLaw(phi.LinearFraction(qStar)!.Value)
        // A user's positively homogeneous phi: its law of D^2 is the same at every q, so it is taken at q = 1.
        : phi.IsPositivelyHomogeneous ? new MomentLaw(phi, 1.0)
        : qStar == 0.0 && phi.Kinks.Length == 0 ? new BernoulliLaw(1.0, phi.Derivative(0.0) * phi.Derivative(0.0))
        : qStar > 0.0 && (phi is IAnalyticSquaredSlope || phi.ComplexSlope is not null) ? new SmoothLaw(phi, qStar)
        : new MomentLaw(phi, qStar);
}

/// <summary>
/// D^2 ~ c Bernoulli(p) on {0, c} (c = 1 for piecewise-linear activations; a smooth activation at q* = 0 has
/// d = phi'(0)^2 for every unit, which is this law with p = 1): M_D(z) = p c/(z - c), zeta(m) = c (m + p)/m.
/// </summary>
public sealed class BernoulliLaw : DiagonalLaw
{
    private readonly double _logScale;

    public BernoulliLaw(double p, double scale = 1.0)
    {
        if (!(p > 0.0 && p <= 1.0)) throw new ArgumentOutOfRangeException(nameof(p), p, "The linear fraction p must lie in (0, 1].");
        if (!(scale > 0.0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be positive.");
        P = p;
        Scale = scale;
        _logScale = Math.Log(scale);
    }

    public double P { get; }

    /// <summary>The non-zero value c of d.</summary>
    public double Scale { get; }

    public override double[] Moments(int order)
    {
        var mu = new double[order + 1];
        mu[0] = 1.0;
        for (int k = 1; k <= order; k++) mu[k] = P * Math.Pow(Scale, k);
        return mu;
    }

    public override double ZeroMass => 1.0 - P;
    public override double? LinearFraction => P;

    public override double Anchor => -P;

    // m zeta(m) = c (m + p) = c y exactly: no cancellation between L log m and L log zeta at large depth.
    public override LawPoint At(Complex u)
    {
        Complex m = u + Anchor;
        return new(u, m, Complex.One, 1.0 / u, LogMZeta: Numerics.ComplexMath.Log(u) + _logScale);
    }

    internal override bool IsBernoulli => true;

    // Keep a step from jumping across the branch points m = 0, m = -1 and the anchor m = -p.
    internal override Complex Step(Complex y, Complex step, out bool clipped)
    {
        Complex m = y + Anchor;
        double reach = Math.Min(Math.Min(Numerics.ComplexMath.Abs(m), Numerics.ComplexMath.Abs(y + (1.0 + Anchor))), Numerics.ComplexMath.Abs(y));
        double limit = 0.5 * Math.Max(reach, 1e-300);
        double size = Numerics.ComplexMath.Abs(step);
        clipped = size > limit;
        if (clipped) step *= limit / size;
        return y - step;
    }

    internal override bool IsPhysical(Complex u, Complex y) => y.Imaginary < 0.0;
}

/// <summary>
/// D^2 known by its moments only: the activations whose phi'^2 is not an even function of h (SiLU, GELU, Softplus) or
/// has an atom beside a continuous part (SELU), for which the density's route (the continuation of an even phi'^2) does
/// not apply. The moments mu_k = E[phi'(h)^(2k)], and so the spectrum's mean, variance and moments, are exact
/// (quadrature); the density is not computed.
/// </summary>
public sealed class MomentLaw : DiagonalLaw
{
    private readonly ActivationFunction _phi;
    private readonly double _q;

    public MomentLaw(ActivationFunction phi, double qStar)
    {
        _phi = phi;
        _q = qStar;
    }

    public override double[] Moments(int order)
    {
        var mu = new double[order + 1];
        mu[0] = 1.0;
        for (int k = 1; k <= order; k++)
            mu[k] = _q == 0.0
                ? 0.5 * (Math.Pow(_phi.Derivative(-1e-300), 2 * k) + Math.Pow(_phi.Derivative(1e-300), 2 * k))
                : SquaredSlopeMoment(_phi, _q, k);
        return mu;
    }

    public override double ZeroMass => 0.0;
    public override double? LinearFraction => null;
    public override double Anchor => -1.0;
    internal override bool IsBernoulli => false;

    private static NotSupportedException NoDensity() => new("The density is not computed for a law known by its moments only.");
    public override LawPoint At(Complex u) => throw NoDensity();
    internal override Complex Step(Complex u, Complex step, out bool clipped) => throw NoDensity();
    internal override bool IsPhysical(Complex u, Complex y) => throw NoDensity();
}

/// <summary>
/// See <see cref="DiagonalLaw.At"/>. A law gives log(m zeta) where it forms it without cancellation (a Bernoulli law:
/// log(c y)), or else log zeta, which a continuous law has for free (its parameter is zeta); the model adds log m.
/// </summary>
public readonly record struct LawPoint(Complex Y, Complex M, Complex DY, Complex DLogMZeta, Complex? LogZeta = null, Complex? LogMZeta = null);

/// <summary>
/// D^2 with a law that is continuous but for at most an atom away from 0 (every smooth activation at q* &gt; 0, and
/// SELU): moments by quadrature (Erf in closed form), M_D(zeta) = E[d/(zeta - d)] from the Stieltjes transform. Tanh, Erf
/// and Sigmoid, whose phi'^2 is even, use the continuation of its inverse with the pole subtracted
/// (<see cref="SquaredSlopeStieltjes"/>); the others integrate along a path bent away from the poles
/// (<see cref="ContourStieltjes"/>). The curve parameter is u = zeta itself, on the closed upper half plane: then
/// m = M_D(zeta) lies in the lower one, the side of lambda + i0.
/// </summary>
public sealed class SmoothLaw : DiagonalLaw
{
    private readonly ActivationFunction _phi;
    private readonly double _q;

    /// <param name="phi">The activation.</param>
    /// <param name="qStar">The fixed point q*.</param>
    /// <param name="charted">
    /// Whether the continuation reads an even law's transform from <see cref="StieltjesCharts"/> (the default) or from
    /// the quadrature at every point (slower; the reference the charts are tested against).
    /// </param>
    public SmoothLaw(ActivationFunction phi, double qStar, bool charted = true)
    {
        _phi = phi;
        _q = qStar;
        _curve = new Lazy<ISquaredSlopeTransform>(() => charted && Transform is SquaredSlopeStieltjes even ? new StieltjesCharts(even) : Transform);
        // Built on first use: its panels shrink as 1/sqrt(q*), and the moments alone never need it.
        _transform = phi switch
        {
            IAnalyticSquaredSlope even => new Lazy<ISquaredSlopeTransform>(() => new SquaredSlopeStieltjes(even, qStar)),
            _ when phi.ComplexSlope is { } slope => new Lazy<ISquaredSlopeTransform>(() => new ContourStieltjes(slope, qStar)),
            _ => throw new ArgumentException($"{phi.Name} has no continuation of phi' off the real axis.", nameof(phi)),
        };
    }

    private readonly Lazy<ISquaredSlopeTransform> _transform;

    /// <summary>The same law with its continuation reading the quadrature at every point (see the constructor).</summary>
    internal SmoothLaw WithoutCharts() => new(_phi, _q, charted: false);

    /// <summary>
    /// What the density's continuation reads G and M_D from: an even law's charts (built as it goes, shared by every
    /// depth of this law), else the transform itself.
    /// </summary>
    private ISquaredSlopeTransform Curve => _curve.Value;
    private readonly Lazy<ISquaredSlopeTransform> _curve;

    /// <summary>G(zeta) = E[1/(zeta - d)] and the rest.</summary>
    public ISquaredSlopeTransform Transform => _transform.Value;

    /// <summary>The top of the support of d.</summary>
    public double MaxValue => Transform.MaxValue;

    /// <summary>
    /// Whether d has an atom inside its continuous part (SELU: lambda^2 with mass 1/2, from the constant slope on x &gt; 0).
    /// Read from the activation, so that asking builds no transform.
    /// </summary>
    public bool HasAtom => _phi is not IAnalyticSquaredSlope && _phi.ComplexSlope?.PositiveSideSlope is not null;

    /// <summary>
    /// That atom: d = c^2 for h &gt; 0 (c the constant slope there), with mass P(h &gt; 0) = 1/2 (h has mean 0); null without one.
    /// </summary>
    public (double Value, double Mass)? Atom =>
        HasAtom && _phi.ComplexSlope!.PositiveSideSlope is double c ? (c * c, ContourStieltjes.PositiveSideMass) : null;

    public override double ZeroMass => 0.0;
    public override double? LinearFraction => null;

    public override double[] Moments(int order)
    {
        var mu = new double[order + 1];
        mu[0] = 1.0;
        for (int k = 1; k <= order; k++) mu[k] = _moments.GetOrAdd(k, Moment);
        return mu;
    }

    /// <summary>mu_k by quadrature (Erf in closed form), each once: every depth of a sweep asks for the same ones.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, double> _moments = new();

    private double Moment(int k) => _phi.Kind == Activation.Erf
        ? Math.Pow(4.0 / Math.PI, k) / Math.Sqrt(1.0 + 4.0 * k * _q)
        : SquaredSlopeMoment(_phi, _q, k);

    public override double Anchor => -1.0;

    /// <summary>
    /// y = 1 + m = zeta G(zeta) as a product keeps its digits as zeta -> 0 (lambda -> 0); m = E[d/(zeta - d)] summed
    /// directly keeps them as zeta grows (m -> 0, the top of the spectrum at large depth).
    /// </summary>
    public override LawPoint At(Complex zeta)
    {
        var t = Curve.Continue(zeta);
        Complex y = zeta * t.G;
        return new LawPoint(y, t.M, t.DM, t.DM / t.M + 1.0 / zeta, LogZeta: t.LogZeta);
    }

    internal override bool IsBernoulli => false;

    /// <summary>
    /// Steps stay within half the distance to zeta = 0, and never below the real axis: G there is the other side of the
    /// cut, so a step that would cross it lands on the axis (zeta + i0) instead.
    /// </summary>
    internal override Complex Step(Complex zeta, Complex step, out bool clipped)
    {
        double limit = 0.5 * Math.Max(Numerics.ComplexMath.Abs(zeta), 1e-300);
        double size = Numerics.ComplexMath.Abs(step);
        clipped = size > limit;
        if (clipped) step *= limit / size;
        Complex next = zeta - step;
        if (next.Imaginary >= 0.0) return next;
        // On the axis only a root whose residual is already at the noise floor is accepted: a clamped step is
        // no evidence of convergence.
        clipped = true;
        return new Complex(next.Real, 0.0);
    }

    /// <summary>
    /// On the side of lambda + i0: Im zeta &gt;= 0 and Im y &lt;= 0, up to the rounding of y. Where the law of d carries
    /// almost no mass (SELU's lognormal bottom, 1e-25 of it below zeta = 1e-9 at q* = 1) the true Im y is far below that
    /// rounding, and its computed sign is noise: such a root is on the physical sheet with a density of 0 to resolution.
    /// </summary>
    internal override bool IsPhysical(Complex zeta, Complex y) => zeta.Imaginary >= 0.0 && y.Imaginary <= Noise * Numerics.ComplexMath.Abs(y);

    /// <summary>The subtracted-pole quadrature is good to about 1e-14 of |G|.</summary>
    internal override double Noise => 2e-14;
}
