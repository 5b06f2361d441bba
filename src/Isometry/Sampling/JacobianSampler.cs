using System;
using System.Linq;
using Isometry.Activations;
using Isometry.FreeProbability;
using Isometry.LinearAlgebra;
using Isometry.MeanField;

namespace Isometry.Sampling;

/// <summary>
/// The input-output Jacobian of one random network of width N and depth L, as the log of its squared singular values.
/// Weights are N(0, WeightStd^2/N) (Gaussian) or WeightStd times a Haar orthogonal matrix (the Q of a Gaussian matrix's
/// QR with the signs of diag(R) folded in, its reflectors drawn directly by <see cref="HaarReflectors"/> and applied,
/// never formed); biases N(0, BiasStd^2);
/// the input's pre-activations have variance q* (or InputVariance). The forward pass gives D^l = diag(phi'(h^l)) and
/// J = D^L W^L ... D^1 W^1, accumulated as a <see cref="GradedProduct"/>. Every draw comes from the stream of
/// (seed, network, layer), so the result is a pure function of the inputs and the backend.
/// </summary>
public static class JacobianSampler
{
    /// <summary>The squared singular values of one network's Jacobian: Rank of them in log form, descending; N - Rank exact zeros.</summary>
    public sealed record Sample(double[] LogEigenvalues, int ZeroCount, double InputVariance)
    {
        /// <summary>All N log eigenvalues, the exact zeros last as -infinity: the form JacobianSpectrum.FromSample pools.</summary>
        public double[] WithZeros()
        {
            var all = new double[LogEigenvalues.Length + ZeroCount];
            LogEigenvalues.CopyTo(all, 0);
            Array.Fill(all, double.NegativeInfinity, LogEigenvalues.Length, ZeroCount);
            return all;
        }
    }

    public static Sample Run(Activation activation, WeightInit init, double weightStd, double biasStd, int depth, int width,
        long seed, int network, double? inputVariance = null, DenseBackend? backend = null, Func<bool>? stop = null,
        Action<int>? layerDone = null) =>
        RunDepths(activation, init, weightStd, biasStd, new[] { depth }, width, seed, network, inputVariance, backend, stop, layerDone)[0];

    /// <summary>
    /// One pass through the deepest of <paramref name="depths"/>, with the spectrum taken at each of them on the way:
    /// the draws depend on (seed, network, layer) only, so a depth-50 network is the first 50 layers of the depth-100
    /// one, and a depth sweep costs one network of the largest depth. Results are in the order of
    /// <paramref name="depths"/>.
    /// </summary>
    public static Sample[] RunDepths(Activation activation, WeightInit init, double weightStd, double biasStd, int[] depths, int width,
        long seed, int network, double? inputVariance = null, DenseBackend? backend = null, Func<bool>? stop = null,
        Action<int>? layerDone = null) =>
        RunDepths(ActivationFunction.For(activation), init, weightStd, biasStd, depths, width, seed, network, inputVariance, backend, stop, layerDone);

    /// <summary>As above, for any activation function (a Custom one among them).</summary>
    public static Sample[] RunDepths(ActivationFunction phi, WeightInit init, double weightStd, double biasStd, int[] depths, int width,
        long seed, int network, double? inputVariance = null, DenseBackend? backend = null, Func<bool>? stop = null,
        Action<int>? layerDone = null)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be at least 1.");
        if (depths.Length == 0 || depths.Any(d => d < 1)) throw new ArgumentOutOfRangeException(nameof(depths), "Every depth must be at least 1.");
        int depth = depths.Max();
        var results = new Sample[depths.Length];
        backend ??= DenseBackend.Default;
        double q0 = inputVariance ?? StartingVariance(phi, weightStd, biasStd);
        int n = width, ld = DenseBackend.PaddedLeadingDimension(n);
        var inputs = new RandomStream(seed, network, 0, RandomStream.Inputs);
        var x = new double[n];
        double root = Math.Sqrt(q0);
        for (int i = 0; i < n; i++) x[i] = phi.Value(root * inputs.NextGaussian());

        var product = new GradedProduct(n, backend);
        var g = new double[ld * n];
        var tau = new double[n];
        var signs = new double[n];
        var h = new double[n];
        var d = new double[n];
        var wb = Array.Empty<double>();   // W B for the Gaussian W, kept from layer to layer: at N = 1000 it is 8 MB
        for (int layer = 1; layer <= depth; layer++)
        {
            if (stop?.Invoke() == true) throw new OperationCanceledException();
            var weights = new RandomStream(seed, network, layer, RandomStream.Weights);
            if (init == WeightInit.Gaussian)
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < n; i++) g[i + j * ld] = weights.NextGaussian();
            else
                HaarReflectors.Draw(weights, n, g, ld, tau, signs);
            var biases = new RandomStream(seed, network, layer, RandomStream.Biases);
            for (int i = 0; i < n; i++) h[i] = biasStd * biases.NextGaussian();
            Action<double[], int, int> applyW;
            if (init == WeightInit.Gaussian)
            {
                double scale = weightStd / Math.Sqrt(n);
                var w = g;
                applyW = (block, ldb, cols) =>
                {
                    int size = ldb * cols;
                    if (wb.Length < size) wb = new double[size];
                    backend.Gemm(false, false, n, cols, n, scale, w, ld, block, ldb, 0.0, wb, ldb);
                    Array.Copy(wb, block, size);
                };
                var wx = new double[n];
                backend.Gemm(false, false, n, 1, n, scale, w, ld, x, n, 0.0, wx, n);
                for (int i = 0; i < n; i++) h[i] += wx[i];
            }
            else
            {
                // W = sw Q diag(signs): W B = Q (sw signs o B), Q applied by its reflectors.
                for (int i = 0; i < n; i++) signs[i] *= weightStd;
                var reflectors = g;
                applyW = (block, ldb, cols) =>
                {
                    for (int j = 0; j < cols; j++)
                        for (int i = 0; i < n; i++) block[i + j * ldb] *= signs[i];
                    backend.QrMultiply(false, n, cols, n, reflectors, ld, tau, block, ldb);
                };
                var wx = new double[n];
                for (int i = 0; i < n; i++) wx[i] = x[i];
                applyW(wx, n, 1);
                for (int i = 0; i < n; i++) h[i] += wx[i];
            }
            for (int i = 0; i < n; i++)
            {
                d[i] = phi.Derivative(h[i]);
                x[i] = phi.Value(h[i]);
            }
            // An orthogonal W keeps D W as well conditioned as D: max d / min d, so the product may defer its QR.
            double condition = double.PositiveInfinity;
            if (init == WeightInit.Orthogonal)
            {
                double largest = 0.0, smallest = double.PositiveInfinity;
                foreach (double di in d) { largest = Math.Max(largest, Math.Abs(di)); smallest = Math.Min(smallest, Math.Abs(di)); }
                condition = smallest > 0.0 ? largest / smallest : double.PositiveInfinity;
            }
            product.Multiply(applyW, d, condition);
            for (int k = 0; k < depths.Length; k++)
            {
                if (depths[k] != layer) continue;
                var logSigma = product.LogSingularValues(stop);
                var logEigenvalues = new double[logSigma.Length];
                for (int i = 0; i < logSigma.Length; i++) logEigenvalues[i] = 2.0 * logSigma[i];
                results[k] = new Sample(logEigenvalues, n - product.Rank, q0);
            }
            layerDone?.Invoke(layer);
        }
        return results;
    }

    /// <summary>
    /// q* of the mean field. Linear and ReLU are positively homogeneous: their D does not depend on the input's scale,
    /// so where q* is not a finite number (every q fixed, or q growing without bound) the input has variance 1.
    /// </summary>
    private static double StartingVariance(ActivationFunction phi, double weightStd, double biasStd)
    {
        var state = FixedPointSolver.Solve(phi, weightStd, biasStd);
        if (state.QStar is double q && double.IsFinite(q)) return q;
        if (phi.IsPositivelyHomogeneous) return 1.0;
        throw new NoSolutionException("NoFixedPoint", $"{phi.Name} at WeightStd {weightStd:R}, BiasStd {biasStd:R} has no finite q*: pass an input variance.");
    }
}
