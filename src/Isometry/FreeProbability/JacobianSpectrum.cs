namespace Isometry.FreeProbability;

/// <summary>
/// The spectrum of J J^T (the squared singular values of the input-output Jacobian) of a depth-L random network:
/// moments, edges, atoms and the density of the continuous part. One type for theory now and sampled spectra later.
/// </summary>
public sealed class JacobianSpectrum
{
    internal JacobianSpectrum(int depth, WeightInit init, Activation activation, double weightStd, double biasStd,
        double? qStar, double chi, double? linearFraction, double mean, double variance, double log10Mean,
        double? log10Variance, double? lambdaMax,
        double? lambdaMin, double zeroAtomMass, double? atomLambda, double? atomMass, double? continuousMass,
        SpectralDensity density, string method, JacobianModel? model, string? densityError = null)
    {
        DensityError = densityError;
        Depth = depth;
        Init = init;
        Activation = activation;
        WeightStd = weightStd;
        BiasStd = biasStd;
        QStar = qStar;
        Chi = chi;
        LinearFraction = linearFraction;
        Mean = mean;
        Variance = variance;
        Log10Mean = log10Mean;
        Log10Variance = log10Variance;
        LambdaMax = lambdaMax;
        LambdaMin = lambdaMin;
        ZeroAtomMass = zeroAtomMass;
        AtomLambda = atomLambda;
        AtomMass = atomMass;
        ContinuousMass = continuousMass;
        Density = density;
        Method = method;
        Model = model;
    }

    public int Depth { get; }
    public WeightInit Init { get; }
    public Activation Activation { get; }
    public double WeightStd { get; }
    public double BiasStd { get; }

    /// <summary>The mean-field fixed point the layers sit at; +infinity or empty as Get-FixedPoint reports it.</summary>
    public double? QStar { get; }

    public double Chi { get; }

    /// <summary>p(q*) for piecewise-linear activations.</summary>
    public double? LinearFraction { get; }

    /// <summary>m_1 = (sw^2 E[d])^L: 1 at criticality.</summary>
    public double Mean { get; }

    /// <summary>m_2 - m_1^2: 0 is perfect dynamical isometry.</summary>
    public double Variance { get; }

    /// <summary>log10 of Mean, finite where Mean itself overflows to infinity or underflows to 0 (deep, off-critical).</summary>
    public double Log10Mean { get; }

    /// <summary>log10 of Variance, as <see cref="Log10Mean"/>; empty when the variance is exactly 0.</summary>
    public double? Log10Variance { get; }

    /// <summary>The top edge of the continuous part; empty when there is none.</summary>
    public double? LambdaMax { get; }

    /// <summary>
    /// The largest eigenvalue of J J^T over the whole spectrum: the continuous part's top edge or the atom at
    /// AtomLambda, whichever is higher (0 when only the zero atom is left). Empty when the continuous part has
    /// mass but its edge is unknown (a withheld density).
    /// </summary>
    public double? MaxEigenvalue
    {
        get
        {
            double continuousMass = 1.0 - ZeroAtomMass - (AtomMass ?? 0.0);
            bool hasContinuousPart = continuousMass > 1e-12;
            if (hasContinuousPart && LambdaMax is null) return null;
            double max = 0.0;
            if (hasContinuousPart) max = LambdaMax!.Value;
            if (AtomMass > 0.0 && AtomLambda is double atom) max = System.Math.Max(max, atom);
            return max;
        }
    }

    /// <summary>The bottom edge of the continuous part (0 unless there is a gap); empty when there is none.</summary>
    public double? LambdaMin { get; }

    /// <summary>The mass of the atom at lambda = 0: 1 - p (J has rank about pN).</summary>
    public double ZeroAtomMass { get; }

    /// <summary>Orthogonal weights with L(1 - p) &lt; 1: the atom at sw^(2L) of the directions unsaturated through every layer.</summary>
    public double? AtomLambda { get; }

    /// <summary>Its mass, 1 - L(1 - p).</summary>
    public double? AtomMass { get; }

    /// <summary>The mass of the continuous part, integrated from the density (so ZeroAtomMass + AtomMass + this = 1
    /// checks the density); empty where the density is not computed (Tanh and Erf away from q* = 0, for now).</summary>
    public double? ContinuousMass { get; }

    /// <summary>True when Density, LambdaMax, LambdaMin and ContinuousMass were computed.</summary>
    public bool HasDensity => ContinuousMass.HasValue;

    /// <summary>The continuous part on a grid; enumerate it for (Lambda, Value, Weight) rows.</summary>
    public SpectralDensity Density { get; }

    /// <summary>How the spectrum was obtained: FreeProbability (theory) or, later, Sampled.</summary>
    public string Method { get; }

    /// <summary>
    /// Why the density is missing when the continuation did not converge (null otherwise). The moments, Mean and
    /// Variance do not depend on it and stay exact, so a sweep keeps the row.
    /// </summary>
    public string? DensityError { get; }

    /// <summary>The theory behind a FreeProbability spectrum: exact moments of any order.</summary>
    internal JacobianModel? Model { get; }

    /// <summary>Exact moments m_1..m_order for a theoretical spectrum (index k holds m_k).</summary>
    public double[] ExactMoments(int order) =>
        Model?.Moments(order) ?? throw new System.InvalidOperationException("Only a theoretical spectrum has exact moments.");
}
