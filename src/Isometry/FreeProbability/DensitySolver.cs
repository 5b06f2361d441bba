using System;
using System.Collections.Generic;
using System.Numerics;

namespace Isometry.FreeProbability;

/// <summary>
/// The continuous part of the spectrum of J J^T: for each lambda in the support, m solves log M^-1(m) = log lambda
/// on the physical branch, and rho(lambda) = -Im m / (pi lambda).
/// </summary>
/// <remarks>
/// The branch is followed by continuation from the right edge inward. Near an edge, m - m* is proportional to
/// sqrt(log lambda* - log lambda), so the grid variable is s = sqrt(log lambda* - log lambda): uniform in s it
/// clusters at the edge and spaces logarithmically toward 0, where rho is singular. m is smooth in s, so each
/// step starts from a linear extrapolation of the last two points and is polished by Newton's method; a step that
/// fails or leaves the physical sheet (Im m &lt; 0) is halved.
/// </remarks>
public static class DensitySolver
{
    /// <summary>The output grid spans twelve decades below the top edge; the mass integral continues further.</summary>
    public const double Decades = 12.0;

    /// <summary>The step in v = log(log lambda* - log lambda) below the grid.</summary>
    private const double TailStep = 0.02;

    public sealed record Result(SpectralDensity Density, double ContinuousMass, double LambdaMax, double LambdaMin);

    /// <summary>A real critical point of log M^-1: a spectral edge.</summary>
    internal readonly record struct Edge(double M, double LogLambda, double Curvature, bool AtInfinity);

    public static Result Solve(JacobianModel model, int points)
    {
        if (points < 8) throw new ArgumentOutOfRangeException(nameof(points), points, "At least 8 density points.");
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
            return new Edge(mStar, model.LogInverseM(mStar).Value.Real, curvature, false);
        }
        // Continuous D^2 laws (Tanh, Erf at q* > 0) have no density solver yet: JacobianSpectrumSolver never asks.
        throw new NotSupportedException("The spectral density is computed only for Bernoulli D^2 laws (piecewise-linear activations, or q* = 0).");
    }

    private static Complex EdgeGuess(Edge edge, double s)
    {
        double r = s * Math.Sqrt(2.0 / edge.Curvature);
        // Physical branch: Im m < 0 (Im w > 0 for w = 1/m).
        return edge.AtInfinity ? 1.0 / new Complex(0.0, Math.Max(r, 1e-300)) : new Complex(edge.M, -r);
    }

    private static Result SolveToZero(JacobianModel model, Edge edge, int n)
    {
        double sOut = Math.Sqrt(Decades * Math.Log(10.0));
        var s = new double[n];
        // The unknown is y = m - Anchor throughout (see DiagonalLaw.Anchor); Im y = Im m.
        double anchor = model.Law.Anchor;
        var y = new Complex[n];
        var f = new double[n];      // lambda rho(lambda) = -Im m / pi: the density per unit log lambda
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
            double near = sOut;
            if (model.LogTopAtom is double top)
                near = Math.Sqrt(Math.Abs(edge.LogLambda - top));
            int inner = 10.0 * near < 0.1 * sOut ? n / 4 : 0;
            for (int j = 0; j < n; j++)
                s[j] = j <= inner && inner > 0
                    ? 10.0 * near * j / inner
                    : (inner > 0 ? 10.0 * near : 0.0) + (sOut - (inner > 0 ? 10.0 * near : 0.0)) * (j - inner) / (n - 1 - inner);
        }
        Func<double, double> logLambdaOf = v => edge.LogLambda - v * v;
        int first = edge.AtInfinity ? 0 : 1;
        y[0] = edge.M - anchor;
        for (int j = first; j < n; j++)
        {
            // Next to the edge the asymptotic form is the better start.
            bool nearEdge = j <= first + 1;
            Complex guess = nearEdge ? EdgeGuess(edge, s[j]) - anchor : y[j - 1] + (y[j - 1] - y[j - 2]) * ((s[j] - s[j - 1]) / (s[j - 1] - s[j - 2]));
            y[j] = nearEdge
                ? Advance(model, logLambdaOf, j == 0 ? 0.5 * s[0] : s[j - 1], guess, s[j], guess, null, 0)
                : Advance(model, logLambdaOf, s[j - 1], y[j - 1], s[j], guess, (s[j - 2], y[j - 2]), 0);
            f[j] = -y[j].Imaginary / Math.PI;
        }

        // Mass on the grid: the integral of f d(log lambda) = f 2s ds, by the trapezoid rule in s.
        var samples = new DensitySample[n];
        double mass = 0.0;
        for (int j = 0; j < n; j++)
        {
            // Trapezoid weights on the (possibly uneven) grid; the first covers [0, s_1] whatever s_0 is.
            double tw = j == 0 ? 0.5 * (s[0] + s[1]) : j == n - 1 ? 0.5 * (s[j] - s[j - 1]) : 0.5 * (s[j + 1] - s[j - 1]);
            double lambda = Math.Exp(logLambdaOf(s[j]));
            samples[j] = new DensitySample(lambda, f[j] / lambda, tw * 2.0 * s[j] * lambda);
            mass += tw * 2.0 * s[j] * f[j];
        }

        // Below the grid: follow the branch outward in v = log(log lambda* - log lambda), uniform steps, and
        // integrate f d(log lambda) = f e^v dv by Simpson's rule. f decays like lambda^(1/L) there, so in v the
        // integrand is smooth until it vanishes double-exponentially.
        double v0 = Math.Log(sOut * sOut);
        Func<double, double> logLambdaOfV = v => edge.LogLambda - Math.Exp(v);
        Complex yPrev = y[n - 1], yPrev2 = y[n - 2];
        double vPrev = v0, vPrev2 = Math.Log(s[n - 2] * s[n - 2]);
        double gStart = f[n - 1] * Math.Exp(v0), gMid = 0.0;
        for (int k = 1; k <= 20000; k++)
        {
            double v = v0 + k * TailStep;
            // y shrinks geometrically here: extrapolate its logarithm, which keeps its phase on the physical sheet.
            Complex guess = yPrev * Complex.Exp(Complex.Log(yPrev / yPrev2) * ((v - vPrev) / (vPrev - vPrev2)));
            Complex yNext = Advance(model, logLambdaOfV, vPrev, yPrev, v, guess, (vPrev2, yPrev2), 0);
            double g = -yNext.Imaginary / Math.PI * Math.Exp(v);
            yPrev2 = yPrev; vPrev2 = vPrev;
            yPrev = yNext; vPrev = v;
            if (k % 2 == 1) { gMid = g; continue; }
            mass += TailStep / 3.0 * (gStart + 4.0 * gMid + g);
            gStart = g;
            if (g < 1e-15 && gMid > g) break;
        }
        return new Result(new SpectralDensity(Representable(samples)), mass, Math.Exp(edge.LogLambda), 0.0);
    }

    /// <summary>Gaussian weights, one layer, p &lt; 1: a Marchenko-Pastur law with a gap above 0.</summary>
    private static Result SolveWithGap(JacobianModel model, BernoulliLaw b, Edge top, int n)
    {
        // The lower edge is the negative critical point m- = -sqrt(p) of L m^2 + (L - 1) m - p = 0 at L = 1.
        double mMinus = -Math.Sqrt(b.P);
        double lambdaMin = Math.Exp(model.LogInverseM(mMinus).Value.Real);
        double lambdaMax = Math.Exp(top.LogLambda);
        // Chebyshev spacing in log lambda: it clusters at both square-root edges on their own scales, and spaces
        // logarithmically between them, where rho ~ 1/sqrt(lambda) when p is near 1 and the gap nearly closes.
        double logMin = Math.Log(lambdaMin), logWidth = top.LogLambda - logMin;
        Func<double, double> logLambdaOf = u => logMin + 0.5 * logWidth * (1.0 + Math.Cos(Math.PI * u));
        Func<double, double> lambdaOf = u => Math.Exp(logLambdaOf(u));
        double anchor = model.Law.Anchor;
        var y = new Complex[n];
        var samples = new DensitySample[n];
        double du = 1.0 / (n - 1), mass = 0.0;
        y[0] = top.M - anchor;
        for (int j = 0; j < n; j++)
        {
            double u = j * du;
            double rho = 0.0;
            if (j > 0 && j < n - 1)
            {
                // sqrt(log lambda* - log lambda) is the natural edge distance for the first guess.
                Complex guess = j == 1 ? EdgeGuess(top, Math.Sqrt(top.LogLambda - logLambdaOf(u))) - anchor
                    : 2.0 * y[j - 1] - y[j - 2];
                Complex seed = j == 1 ? guess : y[j - 1];
                y[j] = Advance(model, logLambdaOf, (j - 1) * du, seed, u, guess, j == 1 ? null : ((j - 2) * du, y[j - 2]), 0);
                rho = -y[j].Imaginary / (Math.PI * lambdaOf(u));
            }
            double weight = (j == 0 || j == n - 1 ? 0.5 : 1.0) * du * 0.5 * logWidth * Math.PI * Math.Sin(Math.PI * u) * lambdaOf(u);
            samples[j] = new DensitySample(lambdaOf(u), rho, weight);
            mass += weight * rho;
        }
        return new Result(new SpectralDensity(samples), mass, lambdaMax, lambdaMin);
    }

    /// <summary>
    /// Solves at grid value <paramref name="to"/> starting from the solution at <paramref name="from"/>; halves
    /// the step until Newton's method converges onto the physical sheet.
    /// </summary>
    private static Complex Advance(JacobianModel model, Func<double, double> logLambdaOf, double from, Complex mFrom,
        double to, Complex guess, (double V, Complex M)? before, int depth)
    {
        // Here every Complex is y = m - Anchor.
        if (TryNewton(model, logLambdaOf(to), guess, out Complex m)) return m;
        if (depth >= 40)
            throw new NotConvergedException("SpectrumNotConverged",
                $"The spectral density did not converge near lambda = exp({logLambdaOf(to):G6}).");
        double mid = 0.5 * (from + to);
        Complex midGuess = before is { } b ? mFrom + (mFrom - b.M) * ((mid - from) / (from - b.V)) : 0.5 * (mFrom + guess);
        Complex mMid = Advance(model, logLambdaOf, from, mFrom, mid, midGuess, before, depth + 1);
        Complex nextGuess = mMid + (mMid - mFrom) * ((to - mid) / (mid - from));
        return Advance(model, logLambdaOf, mid, mMid, to, nextGuess, (from, mFrom), depth + 1);
    }

    /// <summary>Newton's method for log M^-1 = log lambda in y = m - Anchor (see <see cref="DiagonalLaw.Anchor"/>).</summary>
    private static bool TryNewton(JacobianModel model, double logLambda, Complex y, out Complex root)
    {
        double anchor = model.Law.Anchor;
        root = y;
        // log M^-1 is a sum of about L + |A| logarithms: its rounding noise, below which no residual can go.
        double noise = 4e-16 * (model.Depth + Math.Abs(model.A) + 2.0) * Math.Max(1.0, Math.Abs(logLambda));
        for (int i = 0; i < 40; i++)
        {
            var (value, derivative) = model.LogInverseMShifted(y);
            // log M^-1(m) = log lambda only modulo 2 pi i: any multiple still solves M^-1(m) = lambda.
            double im = Math.IEEERemainder(value.Imaginary, 2.0 * Math.PI);
            var residual = new Complex(value.Real - logLambda, im);
            var step = residual / derivative;
            if (!double.IsFinite(step.Real) || !double.IsFinite(step.Imaginary)) return false;
            // Keep a step from jumping across the branch points m = 0, -1 and the anchor.
            Complex mNow = y + anchor;
            double reach = Math.Min(Math.Min(mNow.Magnitude, (y + (1.0 + anchor)).Magnitude), y.Magnitude);
            double limit = 0.5 * Math.Max(reach, 1e-300);
            bool clipped = step.Magnitude > limit;
            if (clipped) step *= limit / step.Magnitude;
            y -= step;
            if (!clipped && (step.Magnitude <= 1e-14 * y.Magnitude || residual.Magnitude <= noise))
            {
                root = y;
                return y.Imaginary < 0.0;
            }
        }
        return false;
    }

    private static DensitySample[] Representable(DensitySample[] samples)
    {
        var kept = new List<DensitySample>(samples.Length);
        foreach (var x in samples)
            if (x.Lambda > 0.0 && double.IsFinite(x.Lambda) && double.IsFinite(x.Value) && double.IsFinite(x.Weight)) kept.Add(x);
        return kept.ToArray();
    }
}
