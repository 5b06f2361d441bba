using System;
using System.Management.Automation;
using Isometry.MeanField;

namespace Isometry.Cmdlets;

/// <summary>
/// Get-LengthMap: the map q -> f(q) over a range of q (a cobweb plot's curve), or the iterates q^l over layers.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LengthMap", DefaultParameterSetName = MapSet)]
[OutputType(typeof(LengthMapValue), ParameterSetName = new[] { MapSet })]
[OutputType(typeof(LayerVariance), ParameterSetName = new[] { IterateSet })]
public sealed class GetLengthMapCommand : ActivationCmdlet
{
    private const string MapSet = "Map";
    private const string IterateSet = "Iterate";

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [StrictEnum(typeof(Activation))]
    [ValidateNotNullOrEmpty]
    public Activation[] Activation { get; set; } = { Isometry.Activation.Tanh };

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaW")]
    [StrictNumber]
    [ValidateStd]
    public double WeightStd { get; set; } = 1.0;

    [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaB")]
    [StrictNumber]
    [ValidateStd]
    public double BiasStd { get; set; }

    /// <summary>Explicit values of q; without it, <see cref="Points"/> values evenly from 0 to <see cref="QMax"/>.</summary>
    [Parameter(ParameterSetName = MapSet)]
    [StrictNumber]
    [ValidateNotNullOrEmpty, ValidateVariance]
    public double[]? Q { get; set; }

    [Parameter(ParameterSetName = MapSet)]
    [StrictNumber]
    [ValidateVariance]
    public double QMax { get; set; } = 2.0;

    [Parameter(ParameterSetName = MapSet)]
    [StrictInteger]
    [ValidateRange(2, 1_000_000)]
    public int Points { get; set; } = 101;

    [Parameter(Mandatory = true, ParameterSetName = IterateSet)]
    [Alias("Q0")]
    [StrictNumber]
    [ValidateVariance]
    public double InputVariance { get; set; }

    [Parameter(ParameterSetName = IterateSet)]
    [StrictInteger]
    [ValidateRange(0, 10_000_000)]
    public int Depth { get; set; } = 10;

    protected override void ProcessRecord()
    {
        foreach (var activation in Chosen(Activation))
        {
            var target = new { Activation = activation, Expression, WeightStd, BiasStd };
            int count = Q?.Length ?? Points;
            // The points: one iteration per activation (its layers depend on each other), or one per q of the map.
            int pointsHere = ParameterSetName == IterateSet ? 1 : count;
            var taken = new System.Collections.Generic.List<(int I, long Point)>();
            for (int i = 0; i < pointsHere; i++)
                if (TakePoint(out long point)) taken.Add((i, point));
            if (taken.Count == 0) continue;
            if (!TryResolve(activation, target, out var phi)) continue;
            if (!TryCompute(() => new LengthMap(phi, WeightStd, BiasStd), target, $"the length map of {Describe(phi)}", out var map))
                continue;
            if (ParameterSetName == IterateSet)
            {
                using var layers = map.Iterate(InputVariance, Depth).GetEnumerator();
                for (int l = 0; l <= Depth; l++)
                {
                    if (!TryCompute(() => layers.MoveNext() ? layers.Current : null, target, $"layer {l} of {activation}", out var layer) || layer == null)
                        break;
                    WriteObject(Tagged(layer, taken[0].Point));
                    ReportProgress(3, "Iterating the length map", layer.Layer + 1, Depth + 1);
                }
                continue;
            }
            foreach (var (i, point) in taken)
            {
                double q = Q != null ? Q[i] : QMax * i / (Points - 1);
                if (TryCompute(() => map.At(q), target, $"the length map of {activation} at q = {q}", out var value))
                    WriteObject(Tagged(value, point));
                ReportProgress(3, "Evaluating the length map", i + 1, count);
            }
        }
    }
}
