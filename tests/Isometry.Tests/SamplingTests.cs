using System;
using System.Linq;
using Isometry.FreeProbability;
using Isometry.LinearAlgebra;
using Isometry.MeanField;
using Isometry.Sampling;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

/// <summary>Seeded random networks and the squared singular values of their Jacobians, against exact identities.</summary>
public class SamplingTests
{
    [Fact]
    public void StreamsAreReproducibleAndIndependent()
    {
        var a = new RandomStream(42, 3, 7, RandomStream.Weights);
        var b = new RandomStream(42, 3, 7, RandomStream.Weights);
        var other = new RandomStream(42, 3, 8, RandomStream.Weights);
        var xs = Enumerable.Range(0, 1000).Select(_ => a.NextGaussian()).ToArray();
        Assert.Equal(xs, Enumerable.Range(0, 1000).Select(_ => b.NextGaussian()));
        Assert.NotEqual(xs, Enumerable.Range(0, 1000).Select(_ => other.NextGaussian()));
        // Moments of 200,000 draws: mean 0 and variance 1 within five standard errors.
        var big = new RandomStream(1, 0, 0, 0);
        var z = Enumerable.Range(0, 200_000).Select(_ => big.NextGaussian()).ToArray();
        Assert.InRange(z.Average(), -5 * Math.Sqrt(1.0 / z.Length), 5 * Math.Sqrt(1.0 / z.Length));
        Assert.InRange(z.Select(v => v * v).Average(), 1 - 5 * Math.Sqrt(2.0 / z.Length), 1 + 5 * Math.Sqrt(2.0 / z.Length));
    }

    [Fact]
    public void HaarReflectorsGiveHaarOrthogonalMatrices()
    {
        // W = Q diag(signs) from the reflectors: orthogonal to rounding, and Haar: E[W_ij^2] = 1/N and E[(tr W)^2] = 1
        // for O(N), over 4,000 draws at N = 5 (standard errors about 0.003 and 0.02; bounds at five of them).
        const int n = 5, draws = 4000;
        double sumSquare = 0.0, sumTrace2 = 0.0;
        for (int k = 0; k < draws; k++)
        {
            var v = new double[n * n];
            var tau = new double[n];
            var signs = new double[n];
            HaarReflectors.Draw(new RandomStream(17, k, 1, RandomStream.Weights), n, v, n, tau, signs);
            var w = new double[n * n];
            for (int j = 0; j < n; j++) w[j + j * n] = signs[j];
            ManagedBackend.Instance.QrMultiply(false, n, n, n, v, n, tau, w, n);
            var wtw = new double[n * n];
            ManagedBackend.Instance.Gemm(true, false, n, n, n, 1.0, w, n, w, n, 0.0, wtw, n);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) Assert.True(Math.Abs(wtw[i + j * n] - (i == j ? 1 : 0)) < 1e-13);
            sumSquare += w[0] * w[0];
            double trace = 0.0;
            for (int i = 0; i < n; i++) trace += w[i + i * n];
            sumTrace2 += trace * trace;
        }
        Assert.InRange(sumSquare / draws, 1.0 / n - 0.016, 1.0 / n + 0.016);
        Assert.InRange(sumTrace2 / draws, 1.0 - 0.1, 1.0 + 0.1);
    }

    [Fact]
    public void OrthogonalLinearNetworksScaleEveryDirectionBySwToTheL()
    {
        const double sw = 1.3;
        const int depth = 20;
        var sample = JacobianSampler.Run(Activation.Linear, WeightInit.Orthogonal, sw, 0.0, depth, 64, seed: 5, network: 0);
        Assert.Equal(0, sample.ZeroCount);
        Assert.Equal(64, sample.LogEigenvalues.Length);
        foreach (double log in sample.LogEigenvalues) Close(2 * depth * Math.Log(sw), log, 1e-10, what: "log lambda");
    }

    [Fact]
    public void TheSameSeedGivesTheSameSpectrumBitForBit()
    {
        var a = JacobianSampler.Run(Activation.Tanh, WeightInit.Gaussian, 1.2, 0.1, 5, 40, seed: 9, network: 2);
        var b = JacobianSampler.Run(Activation.Tanh, WeightInit.Gaussian, 1.2, 0.1, 5, 40, seed: 9, network: 2);
        var c = JacobianSampler.Run(Activation.Tanh, WeightInit.Gaussian, 1.2, 0.1, 5, 40, seed: 10, network: 2);
        Assert.Equal(a.LogEigenvalues, b.LogEigenvalues);
        Assert.NotEqual(a.LogEigenvalues, c.LogEigenvalues);
    }

    [Fact]
    public void OneGaussianLinearLayerHasTheMarchenkoPasturMoments()
    {
        // W W^T with W N x N, entries N(0, sw^2/N): m_1 = sw^2, m_2 = 2 sw^4 as N grows; pooled over 8 networks.
        const double sw = 0.8;
        var lambdas = Enumerable.Range(0, 8)
            .SelectMany(k => JacobianSampler.Run(Activation.Linear, WeightInit.Gaussian, sw, 0.0, 1, 200, seed: 3, network: k).LogEigenvalues)
            .Select(Math.Exp).ToArray();
        Close(sw * sw, lambdas.Average(), 0.01, what: "m_1");
        Close(2 * Math.Pow(sw, 4), lambdas.Select(l => l * l).Average(), 0.03, what: "m_2");
    }

    [Fact]
    public void DeepGaussianProductsKeepTheirSmallestValuesDigits()
    {
        // The product of the squared singular values is |det J|^2 = prod_l det(W_l)^2, exact whatever the grading:
        // at N = 40, L = 100 the spectrum spans hundreds of decades, and its log sum must match to 1e-9.
        const int n = 40, depth = 100;
        var sample = JacobianSampler.Run(Activation.Linear, WeightInit.Gaussian, 1.0, 0.0, depth, n, seed: 11, network: 0);
        double logDet = 0.0;
        for (int layer = 1; layer <= depth; layer++)
        {
            var stream = new RandomStream(11, 0, layer, RandomStream.Weights);
            var w = new double[n * n];
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) w[i + j * n] = stream.NextGaussian() / Math.Sqrt(n);
            var tau = new double[n];
            ManagedBackend.Instance.QrFactor(n, n, w, n, tau);
            for (int i = 0; i < n; i++) logDet += 2 * Math.Log(Math.Abs(w[i + i * n]));
        }
        Assert.True(sample.LogEigenvalues[^1] < sample.LogEigenvalues[0] - 300, "the spectrum should span hundreds of decades");
        Close(logDet, sample.LogEigenvalues.Sum(), 1e-9, what: "sum of log lambda");
        // The smallest value matches the second-to-last layer's Lyapunov rate: about 2 L E[log chi_1 / N]/2 per layer.
    }

    [Fact]
    public void CriticalOrthogonalHardTanhFollowsTheTheory()
    {
        var point = CriticalLineSolver.Solve(Activation.HardTanh, 0.1);
        var theory = JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, Activation.HardTanh, point.WeightStd, 0.1, 20);
        // One network's overall gain is the product of 20 layers' active fractions: its Mean strays by about 5 % at
        // N = 400, and KS with it (0.016 to 0.053 over seeds 1 to 6, the zero atom's finite-width excess included).
        var sample = JacobianSampler.Run(Activation.HardTanh, WeightInit.Orthogonal, point.WeightStd, 0.1, 20, 400, seed: 2, network: 0);
        var sampled = JacobianSpectrum.FromSample(20, WeightInit.Orthogonal, FixedPointSolver.Solve(Activation.HardTanh, point.WeightStd, 0.1),
            new[] { sample.WithZeros() }, 400, 1, "test");
        double ks = SpectrumComparison.Compare(sampled, theory, Array.Empty<double>()).KS!.Value;
        Assert.True(ks < 0.05, $"KS distance {ks:G3}");
    }
}

/// <summary>The comparison's statistics on cases whose answers are known.</summary>
public class SpectrumComparisonTests
{
    private static JacobianSpectrum Sampled(Activation a, WeightInit init, double sw, double sb, int depth, int width, int networks, long seed)
    {
        var state = FixedPointSolver.Solve(a, sw, sb);
        var logs = Enumerable.Range(0, networks).Select(k => JacobianSampler.Run(a, init, sw, sb, depth, width, seed, k).WithZeros()).ToList();
        return JacobianSpectrum.FromSample(depth, init, state, logs, width, seed, "test");
    }

    [Fact]
    public void AnExactlyReproducedAtomHasNoDistance()
    {
        var sample = Sampled(Activation.Linear, WeightInit.Orthogonal, 1.1, 0.0, 10, 50, 1, 1);
        var theory = JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, Activation.Linear, 1.1, 0.0, 10);
        var c = SpectrumComparison.Compare(sample, theory, new[] { 1.0, 10.0 });
        Assert.Equal(0.0, c.KS!.Value, 12);
        Assert.True(c.W1LogLambda < 1e-12);
        Assert.True(Math.Abs(c.M2RelativeError) < 1e-12);
        Assert.Equal(new[] { 0.0, 1.0 }, c.Thresholds.Select(t => t.Sampled));   // sw^20 = 6.73 lies between them
    }

    [Fact]
    public void MarchenkoPasturSamplesAreCloseAndAScaledTheoryIsNot()
    {
        // One Gaussian linear layer: W W^T, the Marchenko-Pastur law. KS bound stated before looking: the 0.999
        // critical value 1.95/sqrt(n) for n = 600 pooled eigenvalues is 0.080 (rigid eigenvalues sit far inside it).
        var sample = Sampled(Activation.Linear, WeightInit.Gaussian, 1.0, 0.0, 1, 300, 2, 4);
        var right = SpectrumComparison.Compare(sample, JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.Linear, 1.0, 0.0, 1), Array.Empty<double>());
        var scaled = SpectrumComparison.Compare(sample, JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.Linear, 1.05, 0.0, 1), Array.Empty<double>());
        Assert.True(right.KS < 1.95 / Math.Sqrt(600), $"KS {right.KS}");
        Assert.True(right.W1LogLambda < 0.05, $"W1 {right.W1LogLambda}");
        // A 5 % larger WeightStd shifts log lambda by 2 ln 1.05 = 0.098 everywhere: W1 sees about that much more.
        Assert.InRange(scaled.W1LogLambda!.Value - right.W1LogLambda!.Value, 0.06, 0.11);
    }

    [Fact]
    public void MomentErrorsAreWithinTheirStandardErrors()
    {
        var sample = Sampled(Activation.Linear, WeightInit.Gaussian, 1.0, 0.0, 2, 60, 20, 8);
        var c = SpectrumComparison.Compare(sample, JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.Linear, 1.0, 0.0, 2), Array.Empty<double>());
        foreach (var (error, se) in new[] { (c.M1RelativeError, c.M1StandardError), (c.M2RelativeError, c.M2StandardError) })
        {
            Assert.True(se > 0.0);
            // m_2 of a finite-N Fuss-Catalan sample is biased by O(1/N) (1.7 % at N = 60), on top of 4 standard errors.
            Assert.True(Math.Abs(error) < 4 * se!.Value + 0.02, $"error {error:G3}, standard error {se:G3}");
        }
    }
}

/// <summary>
/// The reference that needs no random draw (MATH.md section 5): for a Gaussian linear network, (1/L) ln sigma_i tends
/// to the real-Ginibre Lyapunov exponents ln sw + (1/2)(ln(2/N) + psi((N - i + 1)/2)). At N = 30, L = 400 the spectrum
/// spans some 900 nats, far past the double range, and every value must land within sampling noise of its exponent.
/// </summary>
public class LyapunovTests
{
    [Fact]
    public void EveryLogSingularValueOfADeepGaussianProductMatchesItsLyapunovExponent()
    {
        const int n = 30, depth = 400;
        const double sw = 1.0;
        var sample = JacobianSampler.Run(Activation.Linear, WeightInit.Gaussian, sw, 0.0, depth, n, seed: 21, network: 0);
        Assert.True(sample.LogEigenvalues[0] - sample.LogEigenvalues[^1] > 2 * 708, "the spectrum should leave the double range");
        for (int i = 1; i <= n; i++)
        {
            double k = (n - i + 1) / 2.0;
            double exponent = Math.Log(sw) + 0.5 * (Math.Log(2.0 / n) + MathNet.Numerics.SpecialFunctions.DiGamma(k));
            // ln of a chi^2 with 2k degrees of freedom has variance psi'(k); (1/2) of it per layer, averaged over L.
            double trigamma = (MathNet.Numerics.SpecialFunctions.DiGamma(k + 1e-5) - MathNet.Numerics.SpecialFunctions.DiGamma(k - 1e-5)) / 2e-5;
            double noise = Math.Sqrt(trigamma / 4.0 / depth);
            double measured = sample.LogEigenvalues[i - 1] / 2.0 / depth;   // ln lambda = 2 ln sigma
            Assert.True(Math.Abs(measured - exponent) < 5 * noise + 2.0 / depth,
                $"i = {i}: (1/L) ln sigma = {measured:G6}, Lyapunov {exponent:G6}, noise {noise:G3}");
        }
    }
}

/// <summary>
/// A small, badly graded product with an exact reference: T_l = diag(1, 1e-60) R(theta_l), ten of them, so
/// det P = 1e-600 exactly, sigma_1 = ||P||_F to double precision (sigma_2 / sigma_1 is near 1e-600) and
/// ln sigma_2 = ln|det P| - ln sigma_1, some 1,380 nats down: far below what a formed P or eig(P P^T) can show.
/// </summary>
public class GradedReferenceTests
{
    [Theory]
    [InlineData("Managed")]
    [InlineData("OpenBLAS")]
    public void TheSmallestSingularValueOfAGradedProductMatchesItsExactValue(string name)
    {
        DenseBackend backend = name == "Managed" ? ManagedBackend.Instance : (DenseBackend?)OpenBlasBackend.TryLoad() ?? ManagedBackend.Instance;
        var angles = Enumerable.Range(1, 10).Select(l => 0.3 + 0.17 * l).ToArray();
        var product = new GradedProduct(2, backend);
        // The same product formed in doubles: its top row is O(1), which is all ||P||_F needs.
        double[,] p = { { 1, 0 }, { 0, 1 } };
        foreach (double theta in angles)
        {
            double c = Math.Cos(theta), s = Math.Sin(theta);
            product.Multiply((block, ld, cols) =>
            {
                for (int j = 0; j < cols; j++)
                {
                    double x = block[j * ld], y = block[1 + j * ld];
                    block[j * ld] = c * x - s * y;
                    block[1 + j * ld] = s * x + c * y;
                }
            }, new[] { 1.0, 1e-60 });
            p = new[,]
            {
                { c * p[0, 0] - s * p[1, 0], c * p[0, 1] - s * p[1, 1] },
                { 1e-60 * (s * p[0, 0] + c * p[1, 0]), 1e-60 * (s * p[0, 1] + c * p[1, 1]) },
            };
        }
        double frobenius = Math.Sqrt(p[0, 0] * p[0, 0] + p[0, 1] * p[0, 1] + p[1, 0] * p[1, 0] + p[1, 1] * p[1, 1]);
        var logSigma = product.LogSingularValues();
        Close(Math.Log(frobenius), logSigma[0], 1e-12, 1e-14, $"{name} ln sigma_1");
        Close(-600 * Math.Log(10) - Math.Log(frobenius), logSigma[1], 1e-12, what: $"{name} ln sigma_2");
    }
}

public class JacobiRouteTests
{
    /// <summary>
    /// OpenBLAS takes LAPACK's one-sided Jacobi (dgesvj) when the scales fit the double range; the managed backend has
    /// none and takes the log-scaled Jacobi: on the same product, spanning 60 decades, the two agree.
    /// </summary>
    [Fact]
    public void LapackJacobiAndTheLogScaledJacobiAgree()
    {
        if (NativeBlas.LoadOrNullOffCI() is not { } native) return;
        var a = JacobianSampler.Run(Activation.Tanh, WeightInit.Gaussian, 1.5, 0.2, 30, 80, seed: 4, network: 0, backend: native);
        var m = JacobianSampler.Run(Activation.Tanh, WeightInit.Gaussian, 1.5, 0.2, 30, 80, seed: 4, network: 0, backend: ManagedBackend.Instance);
        Assert.True(a.LogEigenvalues[0] - a.LogEigenvalues[^1] > 60 * Math.Log(10), "the spectrum should span 60 decades");
        Assert.Equal(a.LogEigenvalues.Length, m.LogEigenvalues.Length);
        for (int i = 0; i < a.LogEigenvalues.Length; i++)
            Close(m.LogEigenvalues[i], a.LogEigenvalues[i], 0, 1e-9, $"ln lambda_{i}");
    }
}

public class DeferredQrTests
{
    /// <summary>
    /// Deferring the QR across well-conditioned orthogonal layers (the product's conditioning below 1e5) keeps the
    /// singular values: against the same product re-orthogonalized at every layer, every log agrees to 1e-9.
    /// </summary>
    [Fact]
    public void DeferringTheQrKeepsTheSpectrum()
    {
        const int n = 50, depth = 80;
        var backend = ManagedBackend.Instance;
        var every = new GradedProduct(n, backend);
        var deferred = new GradedProduct(n, backend);
        var rng = new RandomStream(3, 0, 0, 0);
        for (int layer = 0; layer < depth; layer++)
        {
            var g = new double[n * n];
            for (int i = 0; i < g.Length; i++) g[i] = rng.NextGaussian();
            var tau = new double[n];
            backend.QrFactor(n, n, g, n, tau);
            var d = Enumerable.Range(0, n).Select(_ => 0.1 + 0.9 * rng.NextOpenUnit()).ToArray();
            Action<double[], int, int> apply = (block, ld, cols) => backend.QrMultiply(false, n, cols, n, g, n, tau, block, ld);
            every.Multiply(apply, d);
            deferred.Multiply(apply, d, d.Max() / d.Min());
        }
        var a = every.LogSingularValues();
        var b = deferred.LogSingularValues();
        Assert.True(a[0] - a[^1] > 10, $"the spectrum should be graded (it spans {a[0] - a[^1]:G3} nats)");
        for (int i = 0; i < n; i++) Close(a[i], b[i], 0, 1e-9, $"ln sigma_{i}");
    }
}

public class InterruptionTests
{
    /// <summary>A backend whose Jacobi SVD is a native call that takes ten seconds and cannot be interrupted.</summary>
    private sealed class SlowJacobiBackend : DenseBackend
    {
        public override string Name => "slow";
        public override void Gemm(bool ta, bool tb, int m, int n, int k, double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) =>
            ManagedBackend.Instance.Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        public override void QrFactor(int m, int n, double[] a, int lda, double[] tau) => ManagedBackend.Instance.QrFactor(m, n, a, lda, tau);
        public override void QrMultiply(bool t, int m, int n, int k, double[] a, int lda, double[] tau, double[] c, int ldc) =>
            ManagedBackend.Instance.QrMultiply(t, m, n, k, a, lda, tau, c, ldc);
        public override void QrFormQ(int m, int n, int k, double[] a, int lda, double[] tau) => ManagedBackend.Instance.QrFormQ(m, n, k, a, lda, tau);
        public override double[] SingularValues(int m, int n, double[] a, int lda) => ManagedBackend.Instance.SingularValues(m, n, a, lda);
        public override double[] SymmetricEigenvalues(int n, double[] a, int lda) => ManagedBackend.Instance.SymmetricEigenvalues(n, a, lda);
        public override double[]? JacobiSingularValues(int m, int n, double[] a, int lda)
        {
            System.Threading.Thread.Sleep(10_000);
            return null;
        }
    }

    [Fact]
    public void AStopReturnsAtOnceWhileTheNativeSingularValueRoutineRuns()
    {
        var product = new GradedProduct(20, new SlowJacobiBackend());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<OperationCanceledException>(() => product.LogSingularValues(() => clock.ElapsedMilliseconds > 200));
        Assert.True(clock.ElapsedMilliseconds < 1000, $"took {clock.ElapsedMilliseconds} ms");
    }
}
