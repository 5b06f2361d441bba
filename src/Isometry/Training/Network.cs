using System;
using System.Numerics;
using System.Numerics.Tensors;
using Isometry.FreeProbability;
using Isometry.LinearAlgebra;
using Isometry.Sampling;

namespace Isometry.Training;

/// <summary>
/// A fully connected network in precision T: Depth hidden layers (W_l x + b_l, then the activation) and a linear
/// read-out to the classes. Activations are columns of a batch (column-major); every matrix product goes through the
/// dense backend (OpenBLAS: dgemm or sgemm). Initialization follows the mean field: Gaussian W_ij ~ N(0, sw^2/fan_in)
/// or a Haar-random orthogonal (or orthonormal-row) matrix scaled to the same variance; b_i ~ N(0, sb^2); the
/// read-out N(0, 1/Width) with no bias. Every draw comes from (seed, layer).
/// </summary>
public sealed class Network<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseBackend _backend;
    private readonly Activation _activation;
    private readonly Isometry.Activations.ActivationFunction _function;
    private readonly int[] _sizes;
    private readonly int _capacity;
    private readonly T[][] _h, _x;
    private readonly T[] _delta, _back;

    public Network(TrainingSettings settings, int features, int classes, int capacity, DenseBackend backend)
    {
        _backend = backend;
        _activation = settings.Activation;
        _function = settings.Function;
        _capacity = capacity;
        int layers = settings.Depth + 1;
        _sizes = new int[layers + 1];
        _sizes[0] = features;
        for (int l = 1; l <= settings.Depth; l++) _sizes[l] = settings.Width;
        _sizes[layers] = classes;
        Weights = new T[layers][];
        Biases = new T[layers][];
        WeightGradients = new T[layers][];
        BiasGradients = new T[layers][];
        _h = new T[layers + 1][];
        _x = new T[layers + 1][];
        _x[0] = new T[features * capacity];
        int widest = 0;
        for (int l = 1; l <= layers; l++)
        {
            int fanIn = _sizes[l - 1], fanOut = _sizes[l];
            widest = Math.Max(widest, Math.Max(fanIn, fanOut));
            bool readout = l == layers;
            Weights[l - 1] = Draw(settings, l, fanOut, fanIn, readout);
            Biases[l - 1] = new T[fanOut];
            if (!readout)
            {
                var biases = new RandomStream(settings.Seed, 0, l, RandomStream.Biases);
                for (int i = 0; i < fanOut; i++) Biases[l - 1][i] = T.CreateTruncating(settings.BiasStd * biases.NextGaussian());
            }
            WeightGradients[l - 1] = new T[fanOut * fanIn];
            BiasGradients[l - 1] = new T[fanOut];
            _h[l] = new T[fanOut * capacity];
            _x[l] = readout ? _h[l] : new T[fanOut * capacity];
        }
        _delta = new T[widest * capacity];
        _back = new T[widest * capacity];
    }

    /// <summary>W_l for l = 1..Depth+1 (index l - 1), column-major, fan_out rows.</summary>
    public T[][] Weights { get; }
    public T[][] Biases { get; }
    public T[][] WeightGradients { get; }
    public T[][] BiasGradients { get; }
    public int Layers => Weights.Length;
    public int Capacity => _capacity;

    /// <summary>The input buffer: Features x batch, written by the caller before <see cref="Forward"/>.</summary>
    public T[] Input => _x[0];

    private static T[] Draw(TrainingSettings settings, int layer, int fanOut, int fanIn, bool readout)
    {
        var w = new T[fanOut * fanIn];
        var stream = new RandomStream(settings.Seed, 0, layer, RandomStream.Weights);
        if (readout || settings.Init == WeightInit.Gaussian)
        {
            double scale = readout ? 1.0 / Math.Sqrt(fanIn) : settings.WeightStd / Math.Sqrt(fanIn);
            for (int i = 0; i < w.Length; i++) w[i] = T.CreateTruncating(scale * stream.NextGaussian());
            return w;
        }
        // Orthogonal: a Haar matrix with orthonormal columns, m x k (m >= k), from k reflectors of order m.
        int m = Math.Max(fanOut, fanIn), k = Math.Min(fanOut, fanIn);
        var q = new double[m * k];
        var tau = new double[k];
        var signs = new double[k];
        HaarReflectors.Draw(stream, m, k, q, m, tau, signs);
        DenseBackend.Default.QrFormQ(m, k, k, q, m, tau);
        // E[h_i^2] = sw^2 |x|^2 / fan_in, as for Gaussian weights: W = sw Q^T when fan_out <= fan_in, else sw sqrt(fan_out/fan_in) Q.
        double c = settings.WeightStd * (fanOut <= fanIn ? 1.0 : Math.Sqrt((double)fanOut / fanIn));
        for (int j = 0; j < k; j++)
        for (int i = 0; i < m; i++)
        {
            double value = c * signs[j] * q[i + j * m];
            if (fanOut <= fanIn) w[j + i * fanOut] = T.CreateTruncating(value);   // W = c Q^T: W[j, i] = Q[i, j]
            else w[i + j * fanOut] = T.CreateTruncating(value);
        }
        return w;
    }

    private void Gemm(bool ta, bool tb, int m, int n, int k, T[] a, int lda, T[] b, int ldb, T[] c, int ldc)
    {
        if (a is double[] da) _backend.Gemm(ta, tb, m, n, k, 1.0, da, lda, (double[])(object)b, ldb, 0.0, (double[])(object)c, ldc);
        else _backend.Gemm(ta, tb, m, n, k, 1f, (float[])(object)a, lda, (float[])(object)b, ldb, 0f, (float[])(object)c, ldc);
    }

    /// <summary>The logits (Classes x batch) of the batch in <see cref="Input"/>.</summary>
    public T[] Forward(int batch)
    {
        for (int l = 1; l <= Layers; l++)
        {
            int rows = _sizes[l], cols = _sizes[l - 1];
            var h = _h[l];
            Gemm(false, false, rows, batch, cols, Weights[l - 1], rows, _x[l - 1], cols, h, rows);
            var b = Biases[l - 1];
            bool hidden = l < Layers;
            var x = _x[l];
            // Element-wise work is vectorized and stays on this thread: OpenBLAS's threads keep spinning for a while
            // after each product, so workers of our own would oversubscribe the cores (measured: slower).
            for (int n = 0; n < batch; n++)
            {
                var column = h.AsSpan(n * rows, rows);
                TensorPrimitives.Add(column, b, column);
            }
            if (hidden) Apply(h.AsSpan(0, rows * batch), x.AsSpan(0, rows * batch));
        }
        return _h[Layers];
    }

    /// <summary>
    /// Gradients of the loss whose derivative with respect to the logits is <paramref name="dLogits"/> (Classes x
    /// batch, already divided by the batch size).
    /// </summary>
    public void Backward(T[] dLogits, int batch)
    {
        var delta = _delta;
        Array.Copy(dLogits, delta, _sizes[Layers] * batch);
        for (int l = Layers; l >= 1; l--)
        {
            int rows = _sizes[l], cols = _sizes[l - 1];
            Gemm(false, true, rows, cols, batch, delta, rows, _x[l - 1], cols, WeightGradients[l - 1], rows);
            var gb = BiasGradients[l - 1];
            Array.Clear(gb);
            for (int n = 0; n < batch; n++) TensorPrimitives.Add(gb, delta.AsSpan(n * rows, rows), gb);
            if (l == 1) break;
            // Back through W_l, then through the activation of layer l - 1.
            Gemm(true, false, cols, batch, rows, Weights[l - 1], rows, delta, rows, _back, cols);
            int count = cols * batch;
            Slope(_h[l - 1].AsSpan(0, count), _x[l - 1].AsSpan(0, count), _back.AsSpan(0, count), delta.AsSpan(0, count));
        }
    }

    private void Apply(Span<T> h, Span<T> x)
    {
        switch (_activation)
        {
            case Activation.Tanh:
                TensorPrimitives.Tanh<T>(h, x);
                break;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid<T>(h, x);
                break;
            case Activation.ReLU:
                TensorPrimitives.Max<T>(h, T.Zero, x);
                break;
            case Activation.HardTanh:
                TensorPrimitives.Max<T>(h, -T.One, x);
                TensorPrimitives.Min<T>(x, T.One, x);
                break;
            case Activation.Linear:
                h.CopyTo(x);
                break;
            default:
                // Erf, SiLU, GELU, Softplus, SELU, Custom: the activation's own definition, element by element in double.
                var phi = _function;
                for (int e = 0; e < h.Length; e++) x[e] = T.CreateTruncating(phi.Value(double.CreateTruncating(h[e])));
                break;
        }
    }

    /// <summary>next = back * phi'(h), with tanh' = 1 - x^2 from the stored output.</summary>
    private void Slope(Span<T> h, Span<T> x, Span<T> back, Span<T> next)
    {
        switch (_activation)
        {
            case Activation.Tanh:
                // tanh' = 1 - x^2 (next may be h's neighbour buffer, never x or back). One pass: the three
                // whole-array passes this replaces cost a millisecond a step at depth 100.
                SlopeFromOutput(x, back, next, sigmoid: false);
                break;
            case Activation.Sigmoid:
                // sigma' = sigma (1 - sigma) from the stored output.
                SlopeFromOutput(x, back, next, sigmoid: true);
                break;
            case Activation.ReLU:
                for (int e = 0; e < h.Length; e++) next[e] = h[e] > T.Zero ? back[e] : T.Zero;
                break;
            case Activation.HardTanh:
                for (int e = 0; e < h.Length; e++) next[e] = T.Abs(h[e]) < T.One ? back[e] : T.Zero;
                break;
            case Activation.Linear:
                back.CopyTo(next);
                break;
            default:
                var phi = _function;
                for (int e = 0; e < h.Length; e++) next[e] = back[e] * T.CreateTruncating(phi.Derivative(double.CreateTruncating(h[e])));
                break;
        }
    }

    /// <summary>next = back (1 - x^2) (tanh) or back (x - x^2) (sigmoid), vectorized, the same arithmetic in every lane and the tail.</summary>
    private static void SlopeFromOutput(ReadOnlySpan<T> x, ReadOnlySpan<T> back, Span<T> next, bool sigmoid)
    {
        int e = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var one = Vector<T>.One;
            for (; e <= x.Length - Vector<T>.Count; e += Vector<T>.Count)
            {
                var vx = new Vector<T>(x.Slice(e));
                var vb = new Vector<T>(back.Slice(e));
                (sigmoid ? vb * (vx - vx * vx) : vb * (one - vx * vx)).CopyTo(next.Slice(e));
            }
        }
        for (; e < x.Length; e++) next[e] = sigmoid ? back[e] * (x[e] - x[e] * x[e]) : back[e] * (T.One - x[e] * x[e]);
    }
}
