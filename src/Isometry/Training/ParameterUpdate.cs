using System;
using System.Numerics;

namespace Isometry.Training;

/// <summary>
/// The optimizer's step on every parameter array of a network, with its state (velocity, or Adam's two moments):
///   Sgd       w -= lr g
///   Momentum  v = mu v + g;  w -= lr v
///   Adam      m = b1 m + (1 - b1) g;  s = b2 s + (1 - b2) g^2;  w -= lr (m / (1 - b1^t)) / (sqrt(s / (1 - b2^t)) + eps)
/// </summary>
public sealed class ParameterUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TrainingSettings _settings;
    private readonly T[][] _first, _second;
    private int _t;

    public ParameterUpdate(TrainingSettings settings, T[][] parameters)
    {
        _settings = settings;
        _first = Array.ConvertAll(parameters, p => new T[p.Length]);
        _second = settings.Optimizer == Optimizer.Adam ? Array.ConvertAll(parameters, p => new T[p.Length]) : Array.Empty<T[]>();
    }

    /// <summary>One step: <paramref name="parameters"/>[i] moves along <paramref name="gradients"/>[i].</summary>
    public void Step(T[][] parameters, T[][] gradients)
    {
        _t++;
        T lr = T.CreateTruncating(_settings.LearningRate);
        switch (_settings.Optimizer)
        {
            case Optimizer.Sgd:
                for (int i = 0; i < parameters.Length; i++)
                {
                    var w = parameters[i];
                    var g = gradients[i];
                    for (int e = 0; e < w.Length; e++) w[e] -= lr * g[e];
                }
                break;
            case Optimizer.Momentum:
                T mu = T.CreateTruncating(_settings.Momentum);
                for (int i = 0; i < parameters.Length; i++)
                {
                    var w = parameters[i];
                    var g = gradients[i];
                    var v = _first[i];
                    for (int e = 0; e < w.Length; e++)
                    {
                        v[e] = mu * v[e] + g[e];
                        w[e] -= lr * v[e];
                    }
                }
                break;
            default:
                T b1 = T.CreateTruncating(_settings.Beta1), b2 = T.CreateTruncating(_settings.Beta2), eps = T.CreateTruncating(_settings.Epsilon);
                T c1 = T.One / (T.One - T.Pow(b1, T.CreateTruncating(_t))), c2 = T.One / (T.One - T.Pow(b2, T.CreateTruncating(_t)));
                // One fused, vectorized pass per array (the update is bound by memory traffic), on this thread.
                T rate = lr * c1, keep1 = b1, take1 = T.One - b1, keep2 = b2, take2 = T.One - b2;
                for (int i = 0; i < parameters.Length; i++)
                {
                    var w = parameters[i];
                    var g = gradients[i];
                    var m = _first[i];
                    var s = _second[i];
                    int e = 0;
                    if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
                    {
                        int width = Vector<T>.Count;
                        var vKeep1 = new Vector<T>(keep1); var vTake1 = new Vector<T>(take1);
                        var vKeep2 = new Vector<T>(keep2); var vTake2 = new Vector<T>(take2);
                        var vC2 = new Vector<T>(c2); var vEps = new Vector<T>(eps); var vRate = new Vector<T>(rate);
                        for (; e <= w.Length - width; e += width)
                        {
                            var vg = new Vector<T>(g, e);
                            var vm = vKeep1 * new Vector<T>(m, e) + vTake1 * vg;
                            var vs = vKeep2 * new Vector<T>(s, e) + vTake2 * vg * vg;
                            var vw = new Vector<T>(w, e) - vRate * vm / (Vector.SquareRoot(vs * vC2) + vEps);
                            vm.CopyTo(m, e);
                            vs.CopyTo(s, e);
                            vw.CopyTo(w, e);
                        }
                    }
                    for (; e < w.Length; e++)
                    {
                        m[e] = keep1 * m[e] + take1 * g[e];
                        s[e] = keep2 * s[e] + take2 * g[e] * g[e];
                        w[e] -= rate * m[e] / (T.Sqrt(s[e] * c2) + eps);
                    }
                }
                break;
        }
    }
}
