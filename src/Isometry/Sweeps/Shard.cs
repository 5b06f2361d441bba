using System;
using System.Globalization;

namespace Isometry.Sweeps;

/// <summary>
/// Shard i of n of a sweep: the points whose serial index k (0, 1, 2, ... in the order a serial run takes them) has
/// k mod n = i - 1. The rule depends on nothing but k and n, so the n shards cover every point exactly once on whatever
/// machines run them, and a shard run again computes the same points.
/// </summary>
public sealed class Shard : IEquatable<Shard>
{
    public Shard(int index, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "A sweep splits into at least 1 shard.");
        if (index < 1 || index > count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Shard {index} of {count} does not exist: shards are numbered 1 to {count}.");
        Index = index;
        Count = count;
    }

    /// <summary>'i/n' (PowerShell converts a string such as '2/8' to a Shard through this).</summary>
    public Shard(string text) : this(ParseParts(text).Index, ParseParts(text).Count)
    {
    }

    /// <summary>Which shard, 1 to <see cref="Count"/>.</summary>
    public int Index { get; }

    /// <summary>How many shards the sweep is split into.</summary>
    public int Count { get; }

    /// <summary>Whether point <paramref name="point"/> (0-based, in the serial order) belongs to this shard.</summary>
    public bool Contains(long point) => point % Count == Index - 1;

    public static Shard Parse(string text)
    {
        var (index, count) = ParseParts(text);
        return new Shard(index, count);
    }

    private static (int Index, int Count) ParseParts(string text)
    {
        var parts = (text ?? "").Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int count)
            && count >= 1 && index >= 1 && index <= count)
            return (index, count);
        throw new FormatException($"'{text}' is not a shard: write i/n with 1 <= i <= n, for example 2/8 for the second of eight shards.");
    }

    /// <summary>
    /// The shard of this task of a Slurm job array: index SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1 of
    /// SLURM_ARRAY_TASK_COUNT (an array --array=0-3 gives shards 1/4 to 4/4). Null, with the reason, outside a job array
    /// or for an array with a step (--array=0-7:2), whose task ids are not consecutive.
    /// </summary>
    public static Shard? FromSlurm(Func<string, string?> environment, out string? reason)
    {
        reason = null;
        int? Read(string name) =>
            int.TryParse(environment(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
        int? id = Read("SLURM_ARRAY_TASK_ID"), count = Read("SLURM_ARRAY_TASK_COUNT"), min = Read("SLURM_ARRAY_TASK_MIN"),
            max = Read("SLURM_ARRAY_TASK_MAX"), step = Read("SLURM_ARRAY_TASK_STEP");
        if (id is null || count is null)
        {
            reason = "this is not a task of a Slurm job array (SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT are not set): submit it with sbatch --array, or give -Shard i/n";
            return null;
        }
        int first = min ?? 0;
        if ((step ?? 1) != 1 || (max is int last && last - first + 1 != count))
        {
            reason = $"the job array's task ids are not consecutive (SLURM_ARRAY_TASK_MIN {first}, MAX {max}, STEP {step}, COUNT {count}): use --array=0-{count - 1}, or give -Shard i/n";
            return null;
        }
        return new Shard(id.Value - first + 1, count.Value);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    public bool Equals(Shard? other) => other is not null && other.Index == Index && other.Count == Count;
    public override bool Equals(object? obj) => Equals(obj as Shard);
    public override int GetHashCode() => HashCode.Combine(Index, Count);
}
