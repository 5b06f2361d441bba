using System;
using System.Collections.Generic;
using Isometry.Activations;

namespace Isometry.MeanField;

/// <summary>
/// The variance map f(q) = sw^2 E[phi(sqrt(q) z)^2] + sb^2 of one layer (MATH.md section 3).
/// </summary>
public sealed class LengthMap
{
    public LengthMap(Activation activation, double weightStd, double biasStd)
        : this(ActivationFunction.For(activation), weightStd, biasStd)
    {
    }

    public LengthMap(ActivationFunction function, double weightStd, double biasStd)
    {
        Parameters.Check(weightStd, biasStd);
        Activation = function.Kind;
        Function = function;
        WeightStd = weightStd;
        BiasStd = biasStd;
        WeightVariance = weightStd * weightStd;
        BiasVariance = biasStd * biasStd;
    }

    public Activation Activation { get; }
    public ActivationFunction Function { get; }
    public double WeightStd { get; }
    public double BiasStd { get; }
    public double WeightVariance { get; }
    public double BiasVariance { get; }

    /// <summary>f(q).</summary>
    public double Value(double q) => WeightVariance * Function.MeanSquare(q) + BiasVariance;

    /// <summary>f'(q) = sw^2 (E[phi'^2] + E[phi phi'']).</summary>
    public double Slope(double q) => WeightVariance * Function.MeanSquareSlope(q);

    /// <summary>chi(q) = sw^2 E[phi'(sqrt(q) z)^2], the mean eigenvalue of one layer's D W W^T D.</summary>
    public double Chi(double q) => WeightVariance * Function.MeanSquaredDerivative(q);

    /// <summary>The map and its slope at <paramref name="q"/>.</summary>
    public LengthMapValue At(double q)
    {
        if (!(q >= 0.0) || double.IsPositiveInfinity(q))
            throw new ArgumentOutOfRangeException(nameof(q), q, "A variance q must be finite and non-negative.");
        return new LengthMapValue(Activation, WeightStd, BiasStd, q, Value(q), Slope(q), Function.Expression);
    }

    /// <summary>q^0 = <paramref name="inputVariance"/>, q^l = f(q^(l-1)) for l = 1..depth.</summary>
    public IEnumerable<LayerVariance> Iterate(double inputVariance, int depth)
    {
        if (!(inputVariance >= 0.0) || double.IsPositiveInfinity(inputVariance))
            throw new ArgumentOutOfRangeException(nameof(inputVariance), inputVariance, "The input variance must be finite and non-negative.");
        if (depth < 0) throw new ArgumentOutOfRangeException(nameof(depth), depth, "Depth must be non-negative.");
        return Layers(inputVariance, depth);
    }

    private IEnumerable<LayerVariance> Layers(double q, int depth)
    {
        for (int l = 0; l <= depth; l++)
        {
            if (l > 0) q = Value(q);
            // An unbounded map overflows to +infinity after enough layers; chi is then its q -> infinity limit.
            yield return new LayerVariance(Activation, WeightStd, BiasStd, l, q, Chi(q), Function.Expression);
        }
    }
}

/// <summary>Argument checks shared by every mean-field entry point.</summary>
public static class Parameters
{
    /// <summary>
    /// The largest WeightStd or BiasStd the engine takes: q* is about sw^2 + sb^2 (up to 2e200), and the slope of
    /// the length map there falls as q*^-3/2, which must stay inside the double range (above 1e-300).
    /// </summary>
    public const double MaxStd = 1e100;

    public static void Check(double weightStd, double biasStd)
    {
        if (!(weightStd >= 0.0) || double.IsInfinity(weightStd))
            throw new ArgumentOutOfRangeException(nameof(weightStd), weightStd, "WeightStd must be finite and non-negative.");
        if (!(biasStd >= 0.0) || double.IsInfinity(biasStd))
            throw new ArgumentOutOfRangeException(nameof(biasStd), biasStd, "BiasStd must be finite and non-negative.");
        if (weightStd > MaxStd || biasStd > MaxStd)
        {
            string which = weightStd > MaxStd ? $"WeightStd {weightStd:R}" : $"BiasStd {biasStd:R}";
            throw new OutOfRangeException("StdOutOfRange",
                $"{which} is beyond what a double can carry through the mean field: q* is about WeightStd^2 + BiasStd^2, " +
                $"and the slope of the length map there, about q*^-1.5, must stay within the range of a double. Use values up to {MaxStd:R}.");
        }
    }
}
