using System;
using System.Linq;
using System.Collections.Generic;
using System.Numerics;

namespace Isometry.FreeProbability;

/// <summary>
/// The continuous part of the spectrum of J J^T: for each lambda in the support, m solves log M^-1(m) = log lambda
/// on the physical branch, and rho(lambda) = -Im m / (pi lambda).
/// </summary>
/// <remarks>
/// The unknown is the law's curve parameter u (see DiagonalLaw.At): y = m - Anchor for a Bernoulli law, zeta for a
/// continuous one. The branch is followed by continuation from the right edge inward. Near an edge, m - m* is proportional to
/// sqrt(log lambda* - log lambda), so the grid variable is s = sqrt(log lambda* - log lambda): uniform in s it
/// clusters at the edge and spaces logarithmically toward 0, where rho is singular. m is smooth in s, so each
/// step starts from a linear extrapolation of the last two points and is polished by Newton's method; a step that
/// fails or leaves the physical sheet (the side Im m &lt; 0) is halved.
/// </remarks>
public static class DensitySolver
{
    /// <summary>The output grid spans twelve decades below the top edge; the mass integral continues further.</summary>
    public const double Decades = 12.0;

    /// <summary>The step in v = log(log lambda* - log lambda) below the grid.</summary>
    private const double TailStep = 0.02;

    /// <summary>
    /// The density on its grid, the whole continuous mass, the edges, and the mass below the grid in bins (one per
    /// decade of lambda, and a last one from 0 up where the double range or a closed form ends the integration).
    /// </summary>
    public sealed record Result(SpectralDensity Density, double ContinuousMass, double LambdaMax, double LambdaMin,
        IReadOnlyList<MassBin> Below);

    /// <summary>Mass of the continuous part with lambda in [Low, High].</summary>
    public readonly record struct MassBin(double Low, double High, double Mass);

    /// <summary>
    /// A real critical point of log M^-1: a spectral edge, at curve parameter U, with the second derivative of log M^-1
    /// in u there, and Side the sign of dy/du (which way of the real axis the physical sheet lies).
    /// </summary>
    internal readonly record struct Edge(Complex U, double LogLambda, double Curvature, bool AtInfinity, double Side = 1.0, bool Soft = false);

    public static Result Solve(JacobianModel model, int points)
    {
        if (points < 8) throw new ArgumentOutOfRangeException(nameof(points), points, "At least 8 density points.");
        if (model.Law is SmoothLaw { Transform: SquaredSlopeStieltjes even } && model.Init == WeightInit.Orthogonal && model.Depth == 1)
            return SolveSingleOrthogonalLayer(model, even, points);
        if (model.Law is SmoothLaw { Transform: ContourStieltjes bent } && model.Init == WeightInit.Orthogonal && model.Depth == 1)
            return SolveSingleOrthogonalLayer(model, bent, points);
        var edge = RightEdge(model);
        if (model.Law is BernoulliLaw b && model.Init == WeightInit.Gaussian && model.Depth == 1 && b.P < 1.0)
            return SolveWithGap(model, b, edge, points);
        return SolveToZero(model, edge, points);
    }

    /// <summary>The top edge of the continuous part: the critical point of log M^-1 on the branch of real lambda beyond it.</summary>
    internal static Edge RightEdge(JacobianModel model)
    {
        double L = model.Depth;
        if (model.Law is BernoulliLaw b)
        {
            double p = b.P, mStar;
            if (model.Init == WeightInit.Gaussian)
            {
                // L m^2 + (L - 1) m - p = 0, positive root, in the form that does not cancel.
                mStar = 2.0 * p / ((L - 1.0) + Math.Sqrt((L - 1.0) * (L - 1.0) + 4.0 * L * p));
            }
            else
            {
                double c = L * (1.0 - p) - 1.0;
                if (Math.Abs(c) <= 1e-12 * L)
                {
                    // L(1 - p) = 1: the edge sits at m = infinity, where log M^-1 = log (sw^2 c)^L + (p/2) w^2 + ..., w = 1/m.
                    return new Edge(double.PositiveInfinity, model.LogTopAtom!.Value, p, true);
                }
                mStar = p / c;
            }
            double curvature = -model.A / ((1 + mStar) * (1 + mStar)) + 1.0 / (mStar * mStar) - L / ((mStar + p) * (mStar + p));
            double u = mStar + p;
            return new Edge(u, model.LogInverseMAt(u).Value.Real, curvature, false);
        }
        return ContinuousLawEdge(model, (SmoothLaw)model.Law);
    }

    /// <summary>
    /// The top edge for a continuous D^2 law: the minimum of log M^-1 over real zeta above the support of d, where
    /// m = M_D(zeta) runs over (0, infinity). Searched in t = sqrt(zeta - phi'(0)^2), in which M_D is smooth up to the
    /// support: the derivative is positive for large zeta (m -> 0) and negative near the support.
    /// </summary>
    private static Edge ContinuousLawEdge(JacobianModel model, SmoothLaw law)
    {
        double top = law.MaxValue;
        double Slope(double zeta) => model.LogInverseMAt(new Complex(zeta, 0.0)).Derivative.Real;
        double SlopeAt(double t) => Slope(top + t * t);
        double hi = 1.0;
        while (SlopeAt(hi) <= 0.0)
        {
            hi *= 2.0;
            if (hi > 1e6) throw Lost(model, "no edge above the support");
        }
        double lo = hi;
        do
        {
            lo *= 0.5;
            if (lo < 1e-9)
            {
                // log M^-1 still rises as zeta comes down to the top of the support: the law of d ends softly there (no
                // spike: its density vanishes at its top, as for Softplus or at the end of the mass that counts), and
                // so does the spectrum, at lambda* = M^-1(M_D(top)). Below it zeta enters the support, by
                // log lambda - log lambda* = S (zeta - top) to first order, S the slope at the top.
                double slope = Slope(top);
                if (!(slope > 0.0) || !double.IsFinite(slope)) throw Lost(model, "the edge is closer than 1e-18 to the top of the support of D^2");
                return new Edge(top, model.LogInverseMAt(new Complex(top, 0.0)).Value.Real, slope, false, 1.0, Soft: true);
            }
        } while (SlopeAt(lo) >= 0.0);
        if (!Numerics.RootFinder.TryBrent(SlopeAt, lo, 2.0 * lo, out double tStar, 1e-13))
            throw Lost(model, "the edge search did not converge");
        double zetaStar = top + tStar * tStar;
        // The curvature only seeds the first steps inward: a central difference of the slope is plenty.
        double h = 1e-3 * tStar * tStar;
        double curvature = (Slope(zetaStar + h) - Slope(zetaStar - h)) / (2.0 * h);
        double side = Math.Sign(law.At(zetaStar).DY.Real);
        return new Edge(zetaStar, model.LogInverseMAt(zetaStar).Value.Real, curvature, false, side == 0.0 ? -1.0 : side);
    }

    private static NotConvergedException Lost(JacobianModel model, string what) =>
        new("SpectrumNotConverged", $"The spectral edge at depth {model.Depth} was not found: {what}.");

    /// <summary>The curve parameter at distance s (in sqrt of log lambda) inside the edge, on the physical sheet.</summary>
    private static Complex EdgeGuess(JacobianModel model, Edge edge, double s)
    {
        double r = s * Math.Sqrt(2.0 / edge.Curvature);
        // Physical branch: Im m < 0 (Im w > 0 for w = 1/m).
        if (edge.Soft)
        {
            // Inside the support by s^2/S, just above the axis (the side of lambda + i0).
            double inside = s * s / edge.Curvature;
            return new Complex(edge.U.Real - inside, 1e-3 * inside);
        }
        if (edge.AtInfinity) return 1.0 / new Complex(0.0, Math.Max(r, 1e-300)) - model.Law.Anchor;
        return edge.U + new Complex(0.0, -r / edge.Side);
    }

    private static Result SolveToZero(JacobianModel model, Edge edge, int n)
    {
        double sOut = Math.Sqrt(Decades * Math.Log(10.0));
        var s = new double[n];
        var u = new Complex[n];
        var f = new double[n];      // lambda rho(lambda) = -Im m / pi: the density per unit log lambda
        // An interior spike the grid reaches (within its twelve decades) gets a grid of its own.
        double? spike = edge.AtInfinity ? null : InteriorSpike(model, edge);
        if (spike >= sOut) spike = null;
        double[]? gradedWeights = null;
        // A finite edge has rho = 0 there and the grid starts on it; an edge at m = infinity has rho ~ 1/sqrt
        // there, so that grid is shifted by half a step and every sample stays finite.
        if (edge.AtInfinity)
        {
            double ds = sOut / (n - 0.5);
            for (int j = 0; j < n; j++) s[j] = ds * (j + 0.5);
        }
        else
        {
            // Orthogonal weights with L(1 - p) close to 1 put the edge next to lambda = (sw^2 c)^L, where the
            // density turns toward a 1/sqrt spike: the square-root law holds only within sqrt of that log-gap
            // of the edge. A quarter of the points go there when it is narrow.
            double sInner = sOut;
            int inner = 0;
            if (model.LogTopAtom is double top)
            {
                double near = Math.Sqrt(Math.Abs(edge.LogLambda - top));
                if (10.0 * near < 0.1 * sOut) (sInner, inner) = (10.0 * near, n / 4);
            }
            if (!model.Law.IsBernoulli)
            {
                if (spike is double s0) SpikeGrid(s, s0, sOut);
                else gradedWeights = GradedGrid(model, s, sOut);
            }
            else
                for (int j = 0; j < n; j++)
                    s[j] = j <= inner && inner > 0
                        ? sInner * j / inner
                        : (inner > 0 ? sInner : 0.0) + (sOut - (inner > 0 ? sInner : 0.0)) * (j - inner) / (n - 1 - inner);
        }
        Func<double, double> logLambdaOf = v => edge.LogLambda - v * v;
        int first = edge.AtInfinity ? 0 : 1;
        u[0] = edge.U;
        Complex y = 0;
        var memory = new NewtonMemory();
        var logU = new Complex[n];     // log u at each solved point, for the predictor
        for (int j = first; j < n; j++)
        {
            // Next to the edge the asymptotic form is the better start; further in, log u extrapolated from the last
            // points (see Extrapolate), whose error is small enough that one Newton step usually ends the solve.
            bool nearEdge = j <= first + 1;
            Complex guess = nearEdge ? EdgeGuess(model, edge, s[j]) : Predict(s, u, logU, j, first);
            (u[j], y) = nearEdge
                ? Advance(model, logLambdaOf, j == 0 ? 0.5 * s[0] : s[j - 1], guess, s[j], guess, null, 0)
                : Advance(model, logLambdaOf, s[j - 1], u[j - 1], s[j], guess, (s[j - 2], u[j - 2]), 0, memory);
            logU[j] = Numerics.ComplexMath.Log(u[j]);
            f[j] = DensityPerLogLambda(y);
        }

        // Mass on the grid: the integral of f d(log lambda) = f 2s ds, by the trapezoid rule in s (in a narrow bulk's
        // graded grid, in its even parameter t, whose weights GradedGrid gives).
        var samples = new DensitySample[n];
        double mass = 0.0;
        var weights = spike is double sp ? SpikeGridWeights(s, sp, sOut) : gradedWeights;
        for (int j = 0; j < n; j++)
        {
            // Trapezoid weights on the (possibly uneven) grid; the first covers [0, s_1] whatever s_0 is.
            double tw = weights?[j] ?? (j == 0 ? 0.5 * (s[0] + s[1]) : j == n - 1 ? 0.5 * (s[j] - s[j - 1]) : 0.5 * (s[j + 1] - s[j - 1]));
            double lambda = Math.Exp(logLambdaOf(s[j]));
            samples[j] = new DensitySample(lambda, f[j] / lambda, tw * 2.0 * s[j] * lambda);
            mass += tw * 2.0 * s[j] * f[j];
        }
        // A continuous D^2 law can end the bulk at a soft edge inside the grid, where the branch folds back along the
        // real zeta axis and f falls off a square-root cliff (by 20 times or more in one step). The
        // trapezoid rule errs there by 1e-4, so for the mass only the cliff's interval, and the intervals before it
        // while their error estimate |second difference| h/12 is not negligible, are integrated by adaptive Simpson on
        // solved midpoints. (Refining the smooth bulk as well would only spoil the trapezoid's global cancellation.)
        if (!model.Law.IsBernoulli && spike is null)
        {
            double peak = 0.0;
            var F = new double[n];
            for (int j = 0; j < n; j++) peak = Math.Max(peak, F[j] = 2.0 * s[j] * f[j]);
            var refine = new bool[n];
            for (int k = first + 1; k < n; k++)
            {
                double hi = Math.Max(F[k - 1], F[k]), lo = Math.Min(F[k - 1], F[k]);
                if (!(hi > 1e-9 * peak && lo < 0.05 * hi)) continue;
                // A cliff ends: the step after it falls (or rises) by less than the square root of its own ratio. The far
                // side of a narrow bulk falls as steeply in a coarse stretch of the grid, but ever faster, as a Gaussian's
                // tail does (ratios of 17, 24, 34 a step): its trapezoid errors cancel with the rest, and refining it
                // would undo that.
                if (k + 1 < n && F[k] > 0.0 && F[k + 1] > 0.0
                    && Math.Max(F[k], F[k + 1]) / Math.Min(F[k], F[k + 1]) >= Math.Sqrt(hi / lo)) continue;
                refine[k] = true;
                for (int i = k - 1; i > first; i--)
                {
                    double error = Math.Abs(F[i - 1] - 2.0 * F[i] + F[i + 1]) * (s[i + 1] - s[i - 1]) / 12.0;
                    if (error < 1e-10 * peak) break;
                    refine[i] = refine[i + 1] = true;
                }
            }
            for (int k = first + 1; k < n; k++)
            {
                if (!refine[k]) continue;
                // What the grid's weights gave the interval: half of each end's (all of it at the grid's ends).
                double trapezoid = gradedWeights is null
                    ? 0.5 * (s[k] - s[k - 1]) * (F[k - 1] + F[k])
                    : (k - 1 == 0 ? 1.0 : 0.5) * gradedWeights[k - 1] * F[k - 1] + (k == n - 1 ? 1.0 : 0.5) * gradedWeights[k] * F[k];
                mass += RefinedMass(model, logLambdaOf, s[k - 1], u[k - 1], F[k - 1], s[k], u[k], F[k], 1e-10 * peak, 0) - trapezoid;
            }
        }

        // Below the grid: follow the branch outward in v = log(log lambda* - log lambda) and integrate
        // f d(log lambda) = f e^v dv by Simpson's rule on panels [v, v + h]. f decays like a power of lambda there,
        // so in v the integrand is smooth until it vanishes double-exponentially; but a continuous D^2 law can end
        // the bulk at a soft lower edge, where f drops by orders of magnitude within a few e-folds of lambda. A panel
        // whose midpoint strays from the chord (or whose parameter moves too far) is halved, so that edge is resolved.
        var below = new DecadeBins(Math.Exp(logLambdaOf(s[n - 1])));
        mass += TailMass(model, edge, s[n - 2], u[n - 2], s[n - 1], u[n - 1], y, below);
        return new Result(new SpectralDensity(Representable(samples)), mass, Math.Exp(edge.LogLambda), 0.0, below.ToList());
    }

    /// <summary>
    /// The s-grid for a continuous D^2 law, and its quadrature weights in s (null for the plain trapezoid rule). Near
    /// q* = 0 the bulk is narrow (relative width sqrt(Var)/Mean, from the exact moments) with only an exponentially thin
    /// tail below it: then about half the points cover some eight of its widths in log lambda, and the other half the
    /// twelve decades, the step growing between them as a smooth function of the point's index.
    /// </summary>
    /// <remarks>
    /// The step grows some 30-fold from the bulk to the decades. As a jump from one uniform stretch to the other it cost
    /// the trapezoid rule its accuracy: F = 2 s f has no odd derivatives at s = 0 (f is odd in s at the edge) and is
    /// negligible, or continued by the tail, at the far end, so on a uniform grid the endpoint terms of Euler-Maclaurin
    /// vanish, but at the jump (h1^2 - h2^2) F'/12 remains (6.6e-5 of the mass at 512 points near q* = 0). Here s = sOut
    /// g(t) on an even grid in t, g' = a + (b - a)(1 + tanh((t - 1/2)/w))/2, and the weights are g'(t_j) sOut dt: the
    /// trapezoid rule in t on an integrand analytic within pi w/2 of the real axis, whose error falls like
    /// exp(-pi^2 w (n - 1)).
    /// </remarks>
    private static double[]? GradedGrid(JacobianModel model, double[] s, double sOut)
    {
        int n = s.Length;
        double logWidth = Math.Sqrt(Math.Log(1.0 + Math.Max(model.NormalizedMoments(2)[2] - 1.0, 0.0)));
        double bulk = Math.Sqrt(8.0 * logWidth);
        if (!(bulk < 0.3 * sOut))
        {
            for (int j = 0; j < n; j++) s[j] = sOut * j / (n - 1);
            return null;
        }
        // g(1/2) = bulk/sOut and g(1) = 1 give a and b = 2 - a; the transition's width w leaves a at least three quarters
        // of what it would be without one (a = 2 bulk/sOut), and spans some 2 % of the points.
        double beta = bulk / sOut, ln2 = Math.Log(2.0), w = Math.Min(0.01, beta / (4.0 * ln2));
        double a = (beta - w * ln2) / (0.5 - w * ln2), b = 2.0 - a;
        double LogCosh(double x) => Math.Abs(x) + Math.Log(0.5 * (1.0 + Math.Exp(-2.0 * Math.Abs(x))));
        double offset = LogCosh(0.5 / w);
        var weights = new double[n];
        double dt = 1.0 / (n - 1);
        for (int j = 0; j < n; j++)
        {
            double t = j * dt, x = (t - 0.5) / w;
            double stepPart = 0.5 * t + 0.5 * w * (LogCosh(x) - offset);
            s[j] = sOut * (a * t + (b - a) * stepPart);
            double slope = sOut * (a + (b - a) * 0.5 * (1.0 + Math.Tanh(x)));
            weights[j] = (j == 0 || j == n - 1 ? 0.5 : 1.0) * slope * dt;
        }
        s[n - 1] = sOut;
        return weights;
    }

    /// <summary>
    /// lambda rho(lambda) = -Im y / pi at a solved root, never below 0: a root where the law of d carries no mass may
    /// carry a rounding-sized Im y &gt; 0.
    /// </summary>
    private static double DensityPerLogLambda(Complex y) => Math.Max(0.0, -y.Imaginary / Math.PI);

    /// <summary>
    /// Orthogonal weights, a law of d with an atom of mass beta at a (SELU: lambda^2, beta = 1/2), at the depth L = 1/(1 - beta):
    /// log M^-1 reaches L log(sw^2 a) at m = infinity with zero slope in w = 1/m (the atom's L beta w and the orthogonal
    /// factor's -(L - 1) w cancel), so w grows as the square root of the distance and the density has a 1/sqrt spike there,
    /// inside the support (the two-sided form of a Bernoulli law's edge at L(1 - p) = 1). Its s, or null when there is none.
    /// </summary>
    private static double? InteriorSpike(JacobianModel model, Edge edge)
    {
        if (model.Init != WeightInit.Orthogonal || model.Law is not SmoothLaw { Atom: var (value, beta) }) return null;
        if (Math.Abs(model.Depth * (1.0 - beta) - 1.0) > 1e-12) return null;
        double gap = edge.LogLambda - (model.LogScale + model.Depth * Math.Log(value));
        return gap > 0.0 ? Math.Sqrt(gap) : null;
    }

    /// <summary>
    /// A grid that clusters quadratically at an interior spike s0 from both sides without landing on it (where m is
    /// infinite): a quarter of the points on [0, s0), uniform at the edge, the rest on (s0, sOut]. In the clustering
    /// variable x (s - s0 = +-d x^2) the integrand F ds ~ (c / |s - s0|^(1/2)) 2 d x dx is smooth.
    /// </summary>
    private static void SpikeGrid(double[] s, double s0, double sOut)
    {
        int n = s.Length, left = n / 4, right = n - left;
        for (int j = 0; j < left; j++)
        {
            double x = j / (left - 0.5);
            s[j] = s0 * (1.0 - (1.0 - x) * (1.0 - x));
        }
        for (int k = 0; k < right; k++)
        {
            double y = (k + 0.5) / (right - 0.5);
            s[left + k] = s0 + (sOut - s0) * y * y;
        }
    }

    /// <summary>
    /// Quadrature weights (on F = 2 s f, per unit s) for a <see cref="SpikeGrid"/>: the trapezoid rule in its clustering
    /// variables x (left) and y (right), where the integrand F ds/dx is smooth up to the spike on each side, and the half
    /// step between the last sample and the spike by that integrand extrapolated linearly to it (weights 5/8 and -1/8 of
    /// a step on the two nearest samples). In s itself the trapezoid rule would overshoot by O(1/n) at the spike.
    /// </summary>
    private static double[] SpikeGridWeights(double[] s, double s0, double sOut)
    {
        int n = s.Length, left = n / 4, right = n - left;
        double hL = 1.0 / (left - 0.5), hR = 1.0 / (right - 0.5);
        var c = new double[n];   // weights on F ds/dx, in units of the step
        for (int j = 0; j < left; j++) c[j] = j == 0 ? 0.5 : 1.0;
        for (int k = 0; k < right; k++) c[left + k] = k == right - 1 ? 0.5 : 1.0;
        // The last trapezoid ends (1/2 each) plus the extrapolated half steps (5/8 and -1/8).
        c[left - 1] = c[left] = 0.5 + 0.625;
        c[left - 2] -= 0.125;
        c[left + 1] -= 0.125;
        var w = new double[n];
        for (int j = 0; j < left; j++) w[j] = c[j] * hL * 2.0 * s0 * (1.0 - j * hL);
        for (int k = 0; k < right; k++) w[left + k] = c[left + k] * hR * 2.0 * (sOut - s0) * (k + 0.5) * hR;
        return w;
    }

    /// <summary>
    /// The integral of F = 2 s f over [a, b] by adaptive Simpson, solving the branch at each new midpoint from the
    /// nearer known end.
    /// </summary>
    private static double RefinedMass(JacobianModel model, Func<double, double> logLambdaOf, double a, Complex uA, double fA,
        double b, Complex uB, double fB, double tolerance, int depth)
    {
        double mid = 0.5 * (a + b);
        var (uMid, yMid) = Advance(model, logLambdaOf, a, uA, mid, 0.5 * (uA + uB), null, 0);
        double fMid = 2.0 * mid * DensityPerLogLambda(yMid);
        double trapezoid = 0.5 * (b - a) * (fA + fB);
        double simpson = (b - a) / 6.0 * (fA + 4.0 * fMid + fB);
        if (depth >= 20 || Math.Abs(simpson - trapezoid) <= tolerance) return simpson;
        return RefinedMass(model, logLambdaOf, a, uA, fA, mid, uMid, fMid, 0.5 * tolerance, depth + 1)
            + RefinedMass(model, logLambdaOf, mid, uMid, fMid, b, uB, fB, 0.5 * tolerance, depth + 1);
    }

    /// <summary>
    /// f e^v at a tail point. Far below a soft edge of a continuous law the true Im y is smaller than what the
    /// accepted root can resolve (the Newton floor, relative to |y|): there it is noise, counted as 0, so the tail ends
    /// instead of chasing it.
    /// </summary>
    private static double TailDensity(JacobianModel model, Complex y, double v, double logLambda)
    {
        if (!model.Law.IsBernoulli)
        {
            // The Newton floor bounds the error of log lambda; the resulting phase error of y is far smaller in
            // practice, and a slow power-law tail (Erf at large q*) keeps |Im y| / |y| near 1e-7 for thousands of
            // e-folds: a thousandth of the floor separates the two.
            double floor = 1e-3 * NewtonFloor(model, logLambda);
            if (Math.Abs(y.Imaginary) <= floor * y.Magnitude) return 0.0;
        }
        return DensityPerLogLambda(y) * Math.Exp(v);
    }

    private static double TailMass(JacobianModel model, Edge edge, double sBefore, Complex uBefore, double sLast, Complex uLast, Complex yLast,
        DecadeBins bins)
    {
        const double minStep = TailStep / 4096.0;
        var memory = new NewtonMemory();
        Func<double, double> logLambdaOfV = v => edge.LogLambda - Math.Exp(v);
        double v = Math.Log(sLast * sLast), vPrev = Math.Log(sBefore * sBefore);
        Complex uNow = uLast, uPrev = uBefore, yNow = yLast;
        double gNow = -yLast.Imaginary / Math.PI * Math.Exp(v), mass = 0.0, h = TailStep;
        double gBack = double.NaN, vBack = double.NaN;   // g at the start of the panel before
        double gPrevMid = double.NaN;                    // g at vPrev, the midpoint of the panel before
        // u shrinks geometrically here: extrapolate its logarithm, which keeps its phase on the physical sheet, by the
        // parabola through the last three points (the line through two until there are three), or, where the last
        // points are about evenly spaced, by the polynomial through the last six when it agrees with the parabola to
        // half the parabola's own step (see Trusted): its guess is close enough that one Newton step
        // ends most solves. The logarithm is followed continuously, each point's from the point before (log u_k =
        // log u_(k-1) + log(u_k / u_(k-1)), a ratio near 1), so that no branch cut lies between the points.
        var solved = new List<(double V, Complex U, Complex LogU)> { (vPrev, uPrev, Complex.Log(uPrev)) };
        solved.Add((v, uNow, solved[0].LogU + Complex.Log(uNow / uPrev)));
        (double V, Complex U, Complex LogU) Solved(double at, Complex u, (double V, Complex U, Complex LogU) from) =>
            (at, u, from.LogU + Complex.Log(u / from.U));
        Complex Extrapolate(double at, (double V, Complex U, Complex LogU)? extra = null)
        {
            int n = solved.Count, total = n + (extra is null ? 0 : 1);
            (double V, Complex U, Complex LogU) Point(int k) => k < n ? solved[k] : extra!.Value;
            Complex Through(int count)
            {
                Span<double> vs = stackalloc double[count];
                Span<Complex> logs = stackalloc Complex[count];
                var newest = Point(total - 1);
                for (int a = 0; a < count; a++)
                {
                    var p = Point(total - count + a);
                    vs[a] = p.V;
                    logs[a] = p.LogU - newest.LogU;
                }
                return newest.U * Complex.Exp(Lagrange(vs, logs, at));
            }
            Complex low = Through(Math.Min(3, total));
            if (total < PredictorPoints) return low;
            for (int k = total - PredictorPoints + 1; k < total; k++)
            {
                double step = Point(k).V - Point(k - 1).V, next = k + 1 < total ? Point(k + 1).V - Point(k).V : at - Point(k).V;
                if (!(step <= 2.0 * next && next <= 2.0 * step)) return low;
            }
            return Trusted(Through(PredictorPoints), low, Point(total - 1).U);
        }
        for (int panels = 0; panels < 200000; panels++)
        {
            double vMid = v + 0.5 * h, vEnd = v + h;
            Complex uMid, yMid, uEnd, yEnd;
            (double V, Complex U, Complex LogU) mid;
            try
            {
                (uMid, yMid) = Advance(model, logLambdaOfV, v, uNow, vMid, Extrapolate(vMid), (vPrev, uPrev), 0, memory);
                mid = Solved(vMid, uMid, solved[^1]);
                (uEnd, yEnd) = Advance(model, logLambdaOfV, vMid, uMid, vEnd, Extrapolate(vEnd, mid), (v, uNow), 0, memory);
            }
            catch (NotConvergedException) when (DecayedRest(gBack, vBack, gNow, v) is double rest)
            {
                // The branch is lost only where the tail has all but ended: what is left is bounded by its decay.
                bins.AddFromZero(Math.Exp(logLambdaOfV(v)), rest);
                return mass + rest;
            }
            catch (NotConvergedException) when (h > minStep)
            {
                // Not yet provably ended: a shorter panel stops short of where the root is lost, and as a double-exponential
                // decay steepens toward it the next two panel starts bound the rest more tightly.
                h *= 0.5;
                continue;
            }
            double gMid = TailDensity(model, yMid, vMid, logLambdaOfV(vMid));
            double gEnd = TailDensity(model, yEnd, vEnd, logLambdaOfV(vEnd));
            double top = Math.Max(Math.Max(gNow, gMid), gEnd);
            // A Bernoulli law's tail is a clean power law: the standard step always does.
            bool follows = model.Law.IsBernoulli
                || (Complex.Log(yMid / yNow).Magnitude < 0.5 && Complex.Log(yEnd / yMid).Magnitude < 0.5);
            bool smooth = model.Law.IsBernoulli || (Math.Abs(gMid - 0.5 * (gNow + gEnd)) <= 0.02 * top + 1e-17 && follows);
            // Past a continuous law's soft lower edge g falls exponentially in v (at depth 100 by e^-260 a unit of v):
            // its chord strays from the midpoint at any step above a thousandth, but log g is nearly straight, and
            // exp of the parabola through the three logarithms integrates it (see ExponentialPanel), to within what
            // the cubic through the panel before's midpoint changes.
            bool falling = !model.Law.IsBernoulli && follows && gNow > 0.0 && gMid > 0.0 && gEnd > 0.0
                && Math.Abs(Math.Log(gNow / gEnd)) >= 0.25;
            var candidate = falling ? new ExponentialPanel(v, h, gNow, gMid, gEnd, vPrev, gPrevMid) : null;
            double parabola = 0.0, allowed = 0.0, misses = double.PositiveInfinity;
            if (candidate is not null)
            {
                parabola = candidate.Integral(v, v + h);
                allowed = ExponentialPanel.Tolerance(parabola);
                misses = candidate.Misses(parabola);
            }
            bool exponential = !smooth && misses <= allowed;
            if (!smooth && !exponential && h > minStep)
            {
                h *= 0.5;
                continue;
            }
            var rule = exponential ? candidate : null;
            double panel = rule is not null ? parabola : h / 6.0 * (gNow + 4.0 * gMid + gEnd);
            mass += panel;
            bins.AddPanel(logLambdaOfV, v => Math.Log(edge.LogLambda - v), v, h, gNow, gMid, gEnd, panel, rule);
            // The parabola's miss grows about as h^4: one that misses by under a tenth of its allowance lets the next
            // panel grow.
            bool easy = (rule is null && Math.Abs(gMid - 0.5 * (gNow + gEnd)) <= 0.005 * top)
                || misses <= 0.1 * allowed;
            vPrev = vMid; uPrev = uMid; gPrevMid = gMid;
            solved.Add(mid);
            solved.Add(Solved(vEnd, uEnd, mid));
            if (solved.Count > 16) solved.RemoveRange(0, solved.Count - PredictorPoints);
            (gBack, vBack) = (gNow, v);
            v = vEnd; uNow = uEnd; yNow = yEnd; gNow = gEnd;
            if (gEnd < 1e-15 && gMid >= gEnd) return mass;
            // A continuous law's tail that has all but ended (its rest bounded by 1e-13) need not be followed down to
            // where its root drowns in rounding: deep tails cost most of the time there, in steps shrunk by noise.
            if (!model.Law.IsBernoulli && DecayedRest(gBack, vBack, gNow, v) is double end && end < 1e-13)
            {
                bins.AddFromZero(Math.Exp(logLambdaOfV(v)), end);
                return mass + end;
            }
            // A continuous law with a heavy tail near d = 0 (Erf at large q*) keeps f a slow power of lambda for
            // hundreds of decades: once zeta nears the bottom of the double range the rest is a power law,
            // f = c lambda^alpha, whose integral in log lambda is f / alpha.
            if (!model.Law.IsBernoulli && uEnd.Magnitude < 1e-250)
            {
                double alpha = Math.Log(gMid * Math.Exp(-vMid) / (gEnd * Math.Exp(-vEnd))) / (Math.Exp(vEnd) - Math.Exp(vMid));
                if (!(alpha > 0.0)) throw new NotConvergedException("SpectrumNotConverged", "The density near lambda = 0 did not settle to a power law.");
                double rest = gEnd * Math.Exp(-vEnd) / alpha;
                bins.AddFromZero(Math.Exp(logLambdaOfV(vEnd)), rest);
                return mass + rest;
            }
            // A panel well inside the tolerance lets the next one grow, up to four standard steps: a smooth power-law
            // stretch needs no more (the tail's mass moves by about 1e-8, below the grid's own 1e-6).
            if (easy) h = Math.Min(4.0 * TailStep, 1.5 * h);
        }
        throw new NotConvergedException("SpectrumNotConverged", "The density below the grid did not decay.");
    }

    /// <summary>
    /// A tail panel [v, v + h] integrated as exp of the parabola through log g at its ends and midpoint. Where g falls
    /// exponentially (past a soft lower edge) log g is nearly straight, so this errs only by log g's third derivative,
    /// which the cubic through the panel before's midpoint measures (<see cref="Misses"/>); Simpson's rule on g itself
    /// needs steps on which g falls by under a third (at depth 100 of the Tanh sweep the edge took 65 panels, now 28,
    /// and the whole tail 45, was 86). The integral by the 16-point Gauss-Legendre rule, which for exp(beta x) with
    /// |beta h| up to 20 errs by under 1e-13 of it.
    /// </summary>
    internal sealed class ExponentialPanel
    {
        private readonly double _v, _h, _a, _b, _c, _d;

        public ExponentialPanel(double v, double h, double gStart, double gMid, double gEnd, double vBefore, double gBefore)
        {
            _v = v;
            _h = h;
            double a = Math.Log(gStart), b = Math.Log(gMid), c = Math.Log(gEnd);
            _a = a;
            _b = (4.0 * b - 3.0 * a - c) / h;
            _c = 2.0 * (a + c - 2.0 * b) / (h * h);
            double x = vBefore - v;
            _d = gBefore > 0.0 && x < 0.0 ? (Math.Log(gBefore) - Parabola(x)) / (x * (x - 0.5 * h) * (x - h)) : double.NaN;
        }

        private double Parabola(double x) => _a + x * (_b + x * _c);

        /// <summary>
        /// How far the parabola's integral may miss: 1e-5 of it, about what Simpson's panels before the edge err by (masses
        /// against a reference with Simpson steps 40 times finer move by under 1e-8). Relative only: an absolute allowance
        /// would pass the last wisps of a tail whatever their shape, and where the root drowns in rounding (GELU near
        /// lambda = e^-11000) those are noise that only short panels follow.
        /// </summary>
        public static double Tolerance(double integral) => 1e-5 * integral;

        /// <summary>
        /// How far the integral of exp(cubic), the cubic through the three logarithms and the one at the panel before's
        /// midpoint, lies from the parabola's (given): the parabola's error, from the third derivative of log g. Infinite
        /// without the point before.
        /// </summary>
        public double Misses(double parabola) =>
            double.IsNaN(_d) ? double.PositiveInfinity : Math.Abs(Integral(_v, _v + _h, _d) - parabola);

        /// <summary>The integral of exp(parabola) over [from, to], a part of the panel.</summary>
        public double Integral(double from, double to) => Integral(from, to, 0.0);

        private double Integral(double from, double to, double cubic)
        {
            double half = 0.5 * (to - from), middle = 0.5 * (from + to) - _v, sum = 0.0;
            var nodes = Numerics.GaussLegendrePanel.Nodes;
            var weights = Numerics.GaussLegendrePanel.Weights;
            for (int k = 0; k < nodes.Length; k++)
            {
                double x = middle + half * nodes[k];
                sum += weights[k] * Math.Exp(Parabola(x) + cubic * x * (x - 0.5 * _h) * (x - _h));
            }
            return half * sum;
        }
    }

    /// <summary>
    /// The mass left below a tail that decays at least geometrically in v (g = f e^v falling by e^-r per unit v, r from its
    /// last two panel starts: the rest is g / r), when that is below 1e-12 and g itself below 1e-6; null otherwise. Deep
    /// in a continuous law's tail the decay is double-exponential (f ~ lambda^alpha: r ~ alpha e^v, 30,000 at GELU's
    /// q* = 12, lambda near e^-11000), and the root is lost to rounding there (zeta near e^-370); this is where the tail may
    /// end instead.
    /// </summary>
    private static double? DecayedRest(double gBack, double vBack, double gNow, double vNow)
    {
        if (!(gNow >= 0.0 && gNow < 1e-6 && gBack > gNow && vNow > vBack)) return null;
        if (gNow == 0.0) return 0.0;
        double rate = Math.Log(gBack / gNow) / (vNow - vBack);
        double rest = gNow / rate;
        return rate > 0.0 && rest < 1e-12 ? rest : null;
    }

    /// <summary>
    /// One orthogonal layer with a continuous D^2 law: J J^T = sw^2 D^2 exactly, so the spectrum is the law of sw^2 d,
    /// rho(lambda) = 2 pdf(z) / |d lambda/dz| at lambda = sw^2 g(z). The grid is uniform in z (offset by half a step: the
    /// density has a 1/sqrt singularity at the top), which clusters at that edge and spaces geometrically below it.
    /// </summary>
    private static Result SolveSingleOrthogonalLayer(JacobianModel model, SquaredSlopeStieltjes t, int n)
    {
        double scale = model.WeightStd * model.WeightStd;
        // The grid reaches Decades below the top or the depth where pdf stops mattering, whichever comes first.
        double zEnd = 9.0;
        double floor = t.MaxValue * Math.Pow(10.0, -Decades);
        if (t.SquaredSlopeAt(zEnd) < floor)
        {
            double lo = 0.0, hi = zEnd;
            for (int i = 0; i < 100; i++)
            {
                double mid = 0.5 * (lo + hi);
                if (t.SquaredSlopeAt(mid) < floor) hi = mid; else lo = mid;
            }
            zEnd = hi;
        }
        double dz = zEnd / n, mass = 0.0;
        var samples = new DensitySample[n];
        for (int j = 0; j < n; j++)
        {
            double z = (j + 0.5) * dz;
            double lambda = scale * t.SquaredSlopeAt(z);
            double dLambda = lambda * Math.Abs(t.LogSquaredSlopeRateAt(z));
            double pdf2 = 2.0 * Numerics.GaussianExpectation.Pdf(z);
            samples[j] = new DensitySample(lambda, pdf2 / dLambda, dLambda * dz);
            mass += pdf2 * dz;
        }
        // Beyond the grid the mass is the Gaussian tail itself, all of it below the grid's last lambda.
        double beyond = 2.0 * (1.0 - Numerics.GaussianExpectation.Cdf(zEnd));
        mass += beyond;
        double gridBottom = scale * t.SquaredSlopeAt(zEnd);
        var below = new DecadeBins(gridBottom);
        below.AddFromZero(gridBottom, beyond);
        return new Result(new SpectralDensity(Representable(samples)), mass, scale * t.MaxValue, 0.0, below.ToList());
    }

    /// <summary>
    /// One orthogonal layer whose phi'^2 is not even: the spectrum is the law of sw^2 d, which spikes (as 1/sqrt) at every
    /// critical value of g inside its support, so no point density describes it on a grid. Its rows are bins between
    /// the values g takes on an even z-grid of each monotone branch (they crowd toward the spikes by themselves), each
    /// with its exact mass from the distribution function and, as Value, the bin's average density.
    /// </summary>
    private static Result SolveSingleOrthogonalLayer(JacobianModel model, ContourStieltjes t, int n)
    {
        double scale = model.WeightStd * model.WeightStd;
        var values = t.BranchSamples(Math.Max(8, n / t.BranchCount)).Select(z => t.RealG(z)).Where(v => v > 0.0 && v <= t.MaxValue).Append(t.MaxValue)
            .OrderByDescending(v => v).ToList();
        var edges = new List<double>();
        foreach (double v in values)
            if (edges.Count == 0 || edges[^1] - v > 1e-12 * edges[^1]) edges.Add(v);
        // Thin to about n bins, keeping the crowding: every k-th edge.
        int step = Math.Max(1, edges.Count / n);
        var kept = edges.Where((_, i) => i % step == 0).ToList();
        if (kept[^1] != edges[^1]) kept.Add(edges[^1]);
        var samples = new List<DensitySample>();
        double mass = 0.0, upper = t.DistributionAt(kept[0]);
        for (int i = 1; i < kept.Count; i++)
        {
            double lower = t.DistributionAt(kept[i]);
            double bin = Math.Max(0.0, upper - lower), width = scale * (kept[i - 1] - kept[i]);
            samples.Add(new DensitySample(scale * 0.5 * (kept[i - 1] + kept[i]), bin / width, width));
            mass += bin;
            upper = lower;
        }
        double bottom = scale * kept[^1];
        var below = new DecadeBins(bottom);
        below.AddFromZero(bottom, upper);
        mass += upper;
        return new Result(new SpectralDensity(Representable(samples.ToArray())), mass, scale * t.MaxValue, 0.0, below.ToList());
    }

    /// <summary>Gaussian weights, one layer, p &lt; 1: a Marchenko-Pastur law with a gap above 0.</summary>
    private static Result SolveWithGap(JacobianModel model, BernoulliLaw b, Edge top, int n)
    {
        // The lower edge is the negative critical point m- = -sqrt(p) of L m^2 + (L - 1) m - p = 0 at L = 1.
        double mMinus = -Math.Sqrt(b.P);
        double lambdaMin = Math.Exp(model.LogInverseMAt(mMinus - model.Law.Anchor).Value.Real);
        double lambdaMax = Math.Exp(top.LogLambda);
        // Chebyshev spacing in log lambda: it clusters at both square-root edges on their own scales, and spaces
        // logarithmically between them, where rho ~ 1/sqrt(lambda) when p is near 1 and the gap nearly closes.
        double logMin = Math.Log(lambdaMin), logWidth = top.LogLambda - logMin;
        Func<double, double> logLambdaOf = x => logMin + 0.5 * logWidth * (1.0 + Math.Cos(Math.PI * x));
        Func<double, double> lambdaOf = x => Math.Exp(logLambdaOf(x));
        var u = new Complex[n];
        var samples = new DensitySample[n];
        double du = 1.0 / (n - 1), mass = 0.0;
        u[0] = top.U;
        for (int j = 0; j < n; j++)
        {
            double x = j * du;
            double rho = 0.0;
            if (j > 0 && j < n - 1)
            {
                // sqrt(log lambda* - log lambda) is the natural edge distance for the first guess.
                Complex guess = j == 1 ? EdgeGuess(model, top, Math.Sqrt(top.LogLambda - logLambdaOf(x)))
                    : 2.0 * u[j - 1] - u[j - 2];
                Complex seed = j == 1 ? guess : u[j - 1];
                Complex y;
                (u[j], y) = Advance(model, logLambdaOf, (j - 1) * du, seed, x, guess, j == 1 ? null : ((j - 2) * du, u[j - 2]), 0);
                rho = -y.Imaginary / (Math.PI * lambdaOf(x));
            }
            double weight = (j == 0 || j == n - 1 ? 0.5 : 1.0) * du * 0.5 * logWidth * Math.PI * Math.Sin(Math.PI * x) * lambdaOf(x);
            samples[j] = new DensitySample(lambdaOf(x), rho, weight);
            mass += weight * rho;
        }
        return new Result(new SpectralDensity(samples), mass, lambdaMax, lambdaMin, Array.Empty<MassBin>());
    }

    /// <summary>
    /// Solves at grid value <paramref name="to"/> starting from the solution at <paramref name="from"/>; halves
    /// the step until Newton's method converges onto the physical sheet. Returns the curve parameter and y = m - Anchor.
    /// </summary>
    private static (Complex U, Complex Y) Advance(JacobianModel model, Func<double, double> logLambdaOf, double from, Complex uFrom,
        double to, Complex guess, (double V, Complex U)? before, int depth, NewtonMemory? memory = null)
    {
        bool converged = TryNewton(model, logLambdaOf(to), guess, out Complex u, out Complex y, memory);
        // A continuous law can end the bulk at a soft edge where the branch folds back along the real zeta axis:
        // beyond it the physical root lies on the far side of the fold (Im zeta >= 0, tiny) and its mirror on or
        // below the axis on the near side, which a forward guess falls into. So when the iteration arrives on the
        // axis from above it, guesses stepped back from the last point, hugging the axis, go first.
        if (!model.Law.IsBernoulli && depth == 0 && u.Imaginary == 0.0 && (!converged || uFrom.Imaginary > 0.0))
        {
            // How far past the fold the forward guess carried the iteration.
            double reach = Math.Abs(u.Real - uFrom.Real);
            double side = Math.Sign(u.Real - uFrom.Real);
            for (int k = 0; k <= 4; k++)
            {
                var back = new Complex(uFrom.Real - side * 0.5 * k * reach, Math.Max(uFrom.Imaginary * 1e-3, 0.0));
                if (TryNewton(model, logLambdaOf(to), back, out Complex uBack, out Complex yBack)
                    && side * (uBack.Real - u.Real) < -0.25 * reach)
                    return (uBack, yBack);
            }
            // On the real axis the physical branch moves toward zeta = 0 as lambda falls (below the spectrum m(lambda),
            // and below d's mass M_D(zeta), both decrease, so zeta rises with lambda): a root farther from 0 than the last
            // is the fold's mirror (SELU at small q*, d nearly two atoms). The physical one is bracketed on (0, Re uFrom].
            if (side > 0.0 && RealAxisRoot(model, logLambdaOf(to), uFrom.Real) is var (uReal, yReal)) return (uReal, yReal);
        }
        if (converged) return (u, y);
        if (depth >= 40)
            throw new NotConvergedException("SpectrumNotConverged",
                $"The spectral density did not converge near lambda = exp({logLambdaOf(to):G6}).");
        double mid = 0.5 * (from + to);
        Complex midGuess = before is { } b ? uFrom + (uFrom - b.U) * ((mid - from) / (from - b.V)) : 0.5 * (uFrom + guess);
        var (uMid, _) = Advance(model, logLambdaOf, from, uFrom, mid, midGuess, before, depth + 1, memory);
        Complex nextGuess = uMid + (uMid - uFrom) * ((to - mid) / (mid - from));
        return Advance(model, logLambdaOf, mid, uMid, to, nextGuess, (from, uFrom), depth + 1, memory);
    }

    /// <summary>
    /// The root of log M^-1 = log lambda on the real zeta axis in (0, top]: Brent's method on the real part (which falls
    /// to -infinity as zeta -&gt; 0), then Newton's method from it, which accepts it only where the imaginary part is
    /// rounding (d carries no mass there). Null when there is no such root.
    /// </summary>
    private static (Complex U, Complex Y)? RealAxisRoot(JacobianModel model, double logLambda, double top)
    {
        double Gap(double zeta) => model.LogInverseMAt(new Complex(zeta, 0.0)).Value.Real - logLambda;
        if (!(top > 0.0) || !(Gap(top) > 0.0)) return null;
        double lo = 0.5 * top;
        for (int i = 0; i < 200 && Gap(lo) >= 0.0; i++) lo *= 0.5;
        if (!(Gap(lo) < 0.0) || !Numerics.RootFinder.TryBrent(Gap, lo, top, out double zeta)) return null;
        return TryNewton(model, logLambda, new Complex(zeta, 0.0), out Complex u, out Complex y) ? (u, y) : null;
    }

    /// <summary>About how many logarithms log M^-1 sums: L + |A| + 2.</summary>
    private static double LogTerms(JacobianModel model) => model.Depth + Math.Abs(model.A) + 2.0;

    /// <summary>log M^-1 is a sum of about L + |A| logarithms: its rounding noise, below which no residual can go.</summary>
    private static double NewtonFloor(JacobianModel model, double logLambda) =>
        model.Law.Noise * LogTerms(model) * Math.Max(1.0, Math.Abs(logLambda));

    /// <summary>
    /// What Newton's method learned along one continuation: the contraction C of its last quadratic step (r_next = C r^2),
    /// which changes slowly from one point of a branch to the next.
    /// </summary>
    private sealed class NewtonMemory
    {
        public double Contraction = double.NaN;
    }

    /// <summary>How many earlier points the grid's predictor extrapolates from.</summary>
    private const int PredictorPoints = 6;

    /// <summary>
    /// The guess at grid point j: the line through the last two points, or, where the last steps are even (within 1.5
    /// times of each other) and u is off the real axis, the polynomial through the last <see cref="PredictorPoints"/> (see
    /// <see cref="Extrapolate"/>) where <see cref="Trusted"/>.
    /// </summary>
    private static Complex Predict(double[] s, Complex[] u, Complex[] logU, int j, int first)
    {
        Complex line = u[j - 1] + (u[j - 1] - u[j - 2]) * ((s[j] - s[j - 1]) / (s[j - 1] - s[j - 2]));
        if (j < first + PredictorPoints + 1 || u[j - PredictorPoints] == Complex.Zero) return line;
        // Next to the real zeta axis (a continuous law's soft edge, where the branch folds back along it) the fold's
        // own handling expects the line's guess.
        if (!(Math.Abs(u[j - 1].Imaginary) > 1e-3 * Numerics.ComplexMath.Abs(u[j - 1]))) return line;
        for (int k = j - PredictorPoints; k < j; k++)
        {
            double step = s[k + 1] - s[k], before = s[k] - s[k - 1];
            if (!(step <= 1.5 * before && before <= 1.5 * step)) return line;
        }
        return Trusted(Extrapolate(s, logU, j), line, u[j - 1]);
    }

    /// <summary>
    /// The high-order guess unless it strays from the low-order one by more than half the low-order one's own step from
    /// the last point. Across a change of spacing (the graded grid's bulk and tail) or near a fold, a high-order
    /// extrapolation can land nearer another branch's root than its own; the low-order one cannot stray so far.
    /// </summary>
    private static Complex Trusted(Complex high, Complex low, Complex last) =>
        Numerics.ComplexMath.Abs(high - low) <= 0.5 * Numerics.ComplexMath.Abs(low - last) ? high : low;

    /// <summary>
    /// The polynomial through (s, log u) at the last <see cref="PredictorPoints"/> points, at s[j]: u is smooth in s, and
    /// toward lambda = 0 it shrinks like e^(-s^2), which its logarithm follows where u itself would not. On an even
    /// stretch of the grid (most of it) its weights are the binomial ones (see <see cref="EvenStepWeights"/>).
    /// </summary>
    private static Complex Extrapolate(double[] s, Complex[] logU, int j)
    {
        var y = logU.AsSpan(j - PredictorPoints, PredictorPoints);
        double h = s[j] - s[j - 1];
        for (int k = j - PredictorPoints; k < j - 1; k++)
            if (!(Math.Abs(s[k + 1] - s[k] - h) <= 1e-9 * h))
                return Complex.Exp(Lagrange(s.AsSpan(j - PredictorPoints, PredictorPoints), y, s[j]));
        Complex sum = 0.0;
        for (int a = 0; a < PredictorPoints; a++) sum += EvenStepWeights[a] * y[a];
        return Complex.Exp(sum);
    }

    /// <summary>
    /// Lagrange's weights for the next of equally spaced points from the last <see cref="PredictorPoints"/>:
    /// (-1)^(n-1-a) C(n, a), the n-th difference set to zero (-1, 6, -15, 20, -15, 6 for six).
    /// </summary>
    private static readonly double[] EvenStepWeights = Enumerable.Range(0, PredictorPoints)
        .Select(a => ((PredictorPoints - 1 - a) % 2 == 0 ? 1.0 : -1.0) * Binomial(PredictorPoints, a)).ToArray();

    private static double Binomial(int n, int k)
    {
        double c = 1.0;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }

    /// <summary>
    /// The polynomial through (x[a], y[a]) at <paramref name="at"/>, in Lagrange's form: each weight's numerator and
    /// denominator are products, divided once (a predictor's cost is mostly these weights).
    /// </summary>
    private static Complex Lagrange(ReadOnlySpan<double> x, ReadOnlySpan<Complex> y, double at)
    {
        double re = 0.0, im = 0.0;
        for (int a = 0; a < x.Length; a++)
        {
            double num = 1.0, den = 1.0;
            for (int b = 0; b < x.Length; b++)
                if (b != a)
                {
                    num *= at - x[b];
                    den *= x[a] - x[b];
                }
            double w = num / den;
            re += w * y[a].Real;
            im += w * y[a].Imaginary;
        }
        return new Complex(re, im);
    }

    /// <summary>Newton's method for log M^-1 = log lambda in the law's curve parameter u (see <see cref="DiagonalLaw.At"/>).</summary>
    /// <remarks>
    /// Once the iteration is plainly quadratic, the residual after the next step is predicted as C r^2, with C from the
    /// last two residuals (or, on the first step, from the last solve of the same continuation); where that is 1e-2 of
    /// the rounding floor the step is taken and accepted without evaluating there, with y carried along by its
    /// derivative (the step is then 1e-5 of u or less, so the error of y, of the order of the step squared, is about
    /// 1e-10 of y at most; measured against steps of 1e-8 and 1e-4 of the floor, the densities move by under 2e-12 of
    /// their peak, 1e-9 next to HardTanh's spike at depth 20). A C misjudged by a factor 100 still leaves the residual
    /// under the floor. Evaluations are what a density costs; this saves a half to a third of them (and most of a
    /// tail's second evaluations, whose guesses miss by 1e-7 to 1e-6).
    /// </remarks>
    private static bool TryNewton(JacobianModel model, double logLambda, Complex u, out Complex root, out Complex y,
        NewtonMemory? memory = null)
    {
        var law = model.Law;
        root = u;
        y = Complex.Zero;
        double noise = NewtonFloor(model, logLambda);
        double before = double.NaN;     // the residual before the last full (unclipped) step
        for (int i = 0; i < 40; i++)
        {
            var (value, derivative, yNow, dy) = model.LogInverseMAt(u);
            // log M^-1(m) = log lambda only modulo 2 pi i: any multiple still solves M^-1(m) = lambda.
            double im = Math.IEEERemainder(value.Imaginary, 2.0 * Math.PI);
            var residual = new Complex(value.Real - logLambda, im);
            // On the real zeta axis (a continuous law below a soft edge) every logarithm has argument 0 or pi, so the
            // imaginary part carries only the rounding of about (L + |A|) pi: the mirror of the physical root past
            // the fold sits on the axis too, with a residual small but well above that.
            bool onAxis = !law.IsBernoulli && u.Imaginary == 0.0;
            double axisNoise = 4e-15 * LogTerms(model);
            double r = Numerics.ComplexMath.Abs(residual);
            // The contraction the last step showed (NaN until one plainly quadratic step): an upper bound when r is
            // rounding, so never optimistic. Such a bound replaces a remembered contraction only when it is lower: deep in
            // a tail, where guesses are good and one step reaches the floor, the bound is the floor over a tiny r^2 (1e5
            // times the contraction), and remembered it would refuse every later solve the step it has earned. A
            // measurement (r well above the rounding) always replaces it.
            double shown = before > 0.0 && r < 1e-3 * before ? r / (before * before) : double.NaN;
            if (memory is not null && shown > 0.0 && (r > 100.0 * noise || !(shown >= memory.Contraction))) memory.Contraction = shown;
            if (r <= noise && (!onAxis || Math.Abs(residual.Imaginary) <= axisNoise))
            {
                root = u;
                y = yNow;
                return law.IsPhysical(u, yNow);
            }
            var step = residual / derivative;
            if (!double.IsFinite(step.Real) || !double.IsFinite(step.Imaginary))
            {
                root = u;
                return false;
            }
            Complex next = law.Step(u, step, out bool clipped);
            double moved = Numerics.ComplexMath.Abs(next - u);
            double contraction = !double.IsNaN(shown) ? shown : i == 0 ? memory?.Contraction ?? double.NaN : double.NaN;
            bool settled = !onAxis && !clipped && next.Imaginary != 0.0 && moved <= 1e-5 * Numerics.ComplexMath.Abs(next)
                && contraction * r * r <= 1e-2 * noise;
            before = clipped ? double.NaN : r;
            u = next;
            if (settled)
            {
                root = u;
                y = yNow - dy * step;
                return law.IsPhysical(u, y);
            }
            if (!clipped && moved <= 1e-14 * Numerics.ComplexMath.Abs(u))
            {
                root = u;
                y = yNow;
                return law.IsPhysical(u, yNow);
            }
        }
        root = u;
        return false;
    }

    /// <summary>
    /// Mass below the grid gathered by decade of lambda (the decade holding the grid's bottom is cut at it), so the
    /// rows a user exports cover the whole continuous part. Decades below 1e-300 join the bin from 0.
    /// </summary>
    internal sealed class DecadeBins
    {
        private const int LowestDecade = -300, HighestDecade = 308;
        private readonly double _top;
        /// <summary>The mass of each decade from LowestDecade up (0 where none was added: every mass added is positive).</summary>
        private readonly double[] _decades = new double[HighestDecade - LowestDecade + 1];
        private double _fromZero, _fromZeroTop;

        public DecadeBins(double gridBottom) => _top = gridBottom;

        public void Add(double logLambda, double mass)
        {
            if (!(mass > 0.0)) return;
            int decade = (int)Math.Floor(logLambda / Math.Log(10.0));
            if (decade < LowestDecade) AddFromZero(Math.Pow(10.0, LowestDecade), mass);
            else _decades[Math.Min(decade, HighestDecade) - LowestDecade] += mass;
        }

        /// <summary>
        /// One panel [v, v + h] of the tail, its mass spread over the decades it crosses (far below the grid a panel spans
        /// a decade or more of lambda): each piece gets the share of the integrand that lies over it, the piecewise-linear
        /// one through gStart, gMid, gEnd for a Simpson panel, or the exponential panel's own.
        /// </summary>
        public void AddPanel(Func<double, double> logLambdaOfV, Func<double, double> vOfLogLambda, double v, double h,
            double gStart, double gMid, double gEnd, double mass, ExponentialPanel? exponential = null)
        {
            if (!(mass > 0.0)) return;
            double ln10 = Math.Log(10.0), vEnd = v + h;
            // lambda falls as v grows: the decade boundaries inside the panel, in v.
            int top = (int)Math.Floor(logLambdaOfV(v) / ln10), bottom = (int)Math.Floor(logLambdaOfV(vEnd) / ln10);
            if (top == bottom || top - bottom > 1000)
            {
                Add(logLambdaOfV(v + 0.5 * h), mass);
                return;
            }
            double Linear(double x) => x <= v + 0.5 * h
                ? gStart + (gMid - gStart) * (x - v) / (0.5 * h)
                : gMid + (gEnd - gMid) * (x - v - 0.5 * h) / (0.5 * h);
            double Piece(double a, double b)
            {
                if (exponential is not null) return exponential.Integral(a, b);
                // The interpolant's integral over [a, b], split at the midpoint where its slope changes.
                double m = v + 0.5 * h, total = 0.0;
                if (a < m) { double e = Math.Min(b, m); total += 0.5 * (e - a) * (Linear(a) + Linear(e)); }
                if (b > m) { double s0 = Math.Max(a, m); total += 0.5 * (b - s0) * (Linear(s0) + Linear(b)); }
                return Math.Max(total, 0.0);
            }
            var pieces = new List<(double LogLambda, double Weight)>();
            double from = v;
            for (int d = top; d > bottom; d--)
            {
                double boundary = Math.Min(Math.Max(vOfLogLambda(d * ln10), from), vEnd);
                pieces.Add((logLambdaOfV(0.5 * (from + boundary)), Piece(from, boundary)));
                from = boundary;
            }
            pieces.Add((logLambdaOfV(0.5 * (from + vEnd)), Piece(from, vEnd)));
            double sum = 0.0;
            foreach (var piece in pieces) sum += piece.Weight;
            if (!(sum > 0.0))
            {
                Add(logLambdaOfV(v + 0.5 * h), mass);
                return;
            }
            foreach (var (logLambda, weight) in pieces) Add(logLambda, mass * weight / sum);
        }

        public void AddFromZero(double high, double mass)
        {
            if (!(mass > 0.0)) return;
            _fromZero += mass;
            _fromZeroTop = Math.Max(_fromZeroTop, Math.Max(Math.Min(high, _top), Math.Min(Math.Pow(10.0, LowestDecade), _top)));
        }

        public List<MassBin> ToList()
        {
            var bins = new List<MassBin>();
            for (int decade = HighestDecade; decade >= LowestDecade; decade--)
            {
                double mass = _decades[decade - LowestDecade];
                if (mass == 0.0) continue;
                double high = Math.Min(Math.Pow(10.0, decade + 1), _top), low = Math.Min(Math.Pow(10.0, decade), high);
                if (decade == LowestDecade || low <= _fromZeroTop) { AddFromZero(high, mass); continue; }
                bins.Add(new MassBin(low, high, mass));
            }
            if (_fromZero > 0.0) bins.Add(new MassBin(0.0, _fromZeroTop, _fromZero));
            return bins;
        }
    }

    private static DensitySample[] Representable(DensitySample[] samples)
    {
        var kept = new List<DensitySample>(samples.Length);
        foreach (var x in samples)
            if (x.Lambda > 0.0 && double.IsFinite(x.Lambda) && double.IsFinite(x.Value) && double.IsFinite(x.Weight)) kept.Add(x);
        return kept.ToArray();
    }
}
