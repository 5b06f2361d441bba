using System;

namespace Isometry.Sampling;

/// <summary>
/// A reproducible stream of random numbers for one (seed, network, layer, purpose): xoshiro256** seeded through
/// SplitMix64 from the four keys. A draw depends on nothing else (not on thread scheduling, other networks or the
/// .NET version), so a sampled spectrum is a pure function of its inputs, and a depth-50 network is the first 50
/// layers of the depth-100 one.
/// </summary>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spare;

    public RandomStream(long seed, int network, int layer, int purpose)
    {
        ulong x = unchecked((ulong)seed);
        x = Mix(x ^ Mix(unchecked((ulong)network) + 0x632BE59BD9B4E019UL));
        x = Mix(x ^ Mix(unchecked((ulong)layer) + 0x9E3779B97F4A7C15UL));
        x = Mix(x ^ Mix(unchecked((ulong)purpose) + 0xD1B54A32D192ED03UL));
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>What a stream is for, so weights, biases and inputs of one layer never share draws.</summary>
    public const int Weights = 1, Biases = 2, Inputs = 3;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on (0, 1): 53 random bits, never 0.</summary>
    public double NextOpenUnit() => ((NextBits() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>A standard Gaussian (Box-Muller, both values used in turn).</summary>
    public double NextGaussian()
    {
        if (_spare is double spare)
        {
            _spare = null;
            return spare;
        }
        double r = Math.Sqrt(-2.0 * Math.Log(NextOpenUnit()));
        double angle = 2.0 * Math.PI * NextOpenUnit();
        _spare = r * Math.Sin(angle);
        return r * Math.Cos(angle);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
