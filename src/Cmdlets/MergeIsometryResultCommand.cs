using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Isometry.Export;
using Isometry.Sweeps;

namespace Isometry.Cmdlets;

/// <summary>
/// Merge-IsometryResult: the CSV exports of the shards of one sweep (-Shard i/n or -ShardFromSlurm) back into one
/// result, in the order a serial run writes it. Every shard 1..n must be there exactly once; a missing or doubled shard
/// stops the merge, naming it, and nothing is written.
/// </summary>
[Cmdlet(VerbsData.Merge, "IsometryResult", DefaultParameterSetName = ImportIsometryResultCommand.PathSet)]
[OutputType(typeof(MeanField.MeanFieldState), typeof(MeanField.CriticalLineSample), typeof(FreeProbability.JacobianSpectrum))]
public sealed class MergeIsometryResultCommand : IsometryCmdlet
{
    /// <summary>The shards' main CSV files (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ImportIsometryResultCommand.PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The files exactly as typed; binds to Get-ChildItem's output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ImportIsometryResultCommand.LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>
    /// Rows of sharded runs as objects: the module's own, or Deserialized ones that Invoke-Command brought back from other
    /// machines. Each must carry SweepPoint and Shard.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = ObjectSet, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    private const string ObjectSet = "InputObject";
    private readonly List<string> _files = new();
    private readonly List<PSObject> _objects = new();
    private bool _unreadable;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ObjectSet)
        {
            if (InputObject != null) _objects.Add(InputObject);
            return;
        }
        bool literal = ParameterSetName == ImportIsometryResultCommand.LiteralPathSet;
        int before = _files.Count;
        _files.AddRange(ResultFiles.Resolve(this, literal, literal ? LiteralPath : Path));
        if (_files.Count == before) _unreadable = true;
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == ObjectSet)
        {
            MergeObjects();
            return;
        }
        if (_unreadable)
            Stop("ShardFileNotFound", "A shard file named could not be found (see the error above): nothing was merged.", ErrorCategory.ObjectNotFound);
        var rows = new List<(long Point, Shard Shard, string File, ResultImport.ImportedRow Row)>();
        var shardFiles = new Dictionary<Shard, List<string>>();
        foreach (var file in _files.Distinct(StringComparer.Ordinal))
        {
            var imported = ResultFiles.TryRead(this, file);
            if (imported == null) Stop("ShardFileUnreadable", $"{file} could not be read (see the error above): nothing was merged.", ErrorCategory.ReadError);
            var shardsHere = new HashSet<Shard>();
            foreach (var row in imported!.SelectMany(ResultImport.Rows))
            {
                var (point, shard) = SweepOf(row, file, "columns");
                shardsHere.Add(shard);
                rows.Add((point, shard, file, row));
            }
            foreach (var shard in shardsHere)
            {
                if (!shardFiles.TryGetValue(shard, out var files)) shardFiles[shard] = files = new List<string>();
                files.Add(file);
            }
        }
        CheckShards(shardFiles, rows.Select(r => (r.Point, r.Shard, r.File)));
        WriteInSerialOrder(rows.Select(r => (r.Point, r.Row)));
    }

    /// <summary>
    /// The rows as the module's objects, by SweepPoint. Rows of one point (a sampled spectrum's depths, a training run's
    /// evaluations) keep their order: the sort is stable.
    /// </summary>
    private void WriteInSerialOrder(IEnumerable<(long Point, ResultImport.ImportedRow Row)> rows)
    {
        foreach (var (_, row) in rows.OrderBy(r => r.Point))
        {
            if (Stopping) return;
            WriteObject(ResultFiles.ToObject(row, keepSweepColumns: false));
        }
    }

    /// <summary>
    /// Objects from sharded runs: a shard is there twice when its SweepPoints start over (each run writes them in
    /// increasing order).
    /// </summary>
    private void MergeObjects()
    {
        var rows = new List<(long Point, Shard Shard, string Source, ResultImport.ImportedRow Row)>();
        var shardSources = new Dictionary<Shard, List<string>>();
        var lastPoint = new Dictionary<Shard, long>();
        int index = 0;
        foreach (var item in _objects)
        {
            index++;
            var row = ResultFiles.FromObject(item);
            string source = $"input object {index}" + (item.Properties["PSComputerName"]?.Value is string computer ? $" (from {computer})" : "");
            var (point, shard) = SweepOf(row, source, "properties");
            if (!shardSources.TryGetValue(shard, out var sources)) shardSources[shard] = sources = new List<string> { source };
            else if (lastPoint[shard] > point) sources.Add(source);
            lastPoint[shard] = point;
            rows.Add((point, shard, source, row));
        }
        if (shardSources.Count == 0) Stop("NoShards", "No rows to merge.", ErrorCategory.InvalidData);
        CheckShards(shardSources, rows.Select(r => (r.Point, r.Shard, r.Source)));
        WriteInSerialOrder(rows.Select(r => (r.Point, r.Row)));
    }

    /// <summary>Every shard 1..n exactly once, all of one n, every row in its own shard; else a terminating error naming them.</summary>
    private void CheckShards(Dictionary<Shard, List<string>> shardFiles, IEnumerable<(long Point, Shard Shard, string Source)> rows)
    {
        if (shardFiles.Count == 0) Stop("NoShards", "No rows to merge: the files given hold no results.", ErrorCategory.InvalidData);
        var counts = shardFiles.Keys.Select(k => k.Count).Distinct().ToList();
        if (counts.Count > 1)
            Stop("ShardCountsDiffer", $"The rows split their sweeps into different numbers of shards ({string.Join(", ", counts)}): they are not shards of one sweep.",
                ErrorCategory.InvalidData);
        int n = counts[0];
        var doubled = shardFiles.Where(kv => kv.Value.Count > 1).OrderBy(kv => kv.Key.Index).ToList();
        if (doubled.Count > 0)
            Stop("DoubledShard", "Shard " + string.Join("; ", doubled.Select(kv => $"{kv.Key} is in {string.Join(" and ", kv.Value)}")) +
                ": each shard must be given once.", ErrorCategory.InvalidData);
        var missing = Enumerable.Range(1, n).Where(i => !shardFiles.ContainsKey(new Shard(i, n))).ToList();
        if (missing.Count > 0)
            Stop("MissingShard", $"Shard{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(i => $"{i}/{n}"))} of {n} " +
                $"{(missing.Count == 1 ? "is" : "are")} missing: run {(missing.Count == 1 ? "it" : "them")} (or find {(missing.Count == 1 ? "its file" : "their files")}) and merge again. " +
                "(A shard all of whose points failed writes no rows.)", ErrorCategory.ObjectNotFound);
        foreach (var row in rows)
            if (!row.Shard.Contains(row.Point))
                Stop("NotAShard", string.Format(CultureInfo.InvariantCulture, "{0}: SweepPoint {1} does not belong to shard {2}.", row.Source, row.Point, row.Shard),
                    ErrorCategory.InvalidData);
    }

    /// <summary>A row's SweepPoint and Shard; a row without them stops the merge, naming where it came from.</summary>
    private (long Point, Shard Shard) SweepOf(ResultImport.ImportedRow row, string source, string what)
    {
        object? point = null, shardText = null;
        foreach (var (name, value) in row.Cells)
        {
            if (string.Equals(name, ActivationCmdlet.SweepPointProperty, StringComparison.OrdinalIgnoreCase)) point = value;
            else if (string.Equals(name, ActivationCmdlet.ShardProperty, StringComparison.OrdinalIgnoreCase)) shardText = value;
        }
        if (Cell.AsDouble(point) is not double p || shardText is not string text)
            Stop("NotAShard", $"{source} has no SweepPoint and Shard {what}: it is not a result of a sharded run (-Shard i/n or -ShardFromSlurm).",
                ErrorCategory.InvalidData);
        try
        {
            return ((long)Cell.AsDouble(point)!.Value, Shard.Parse((string)shardText!));
        }
        catch (FormatException ex)
        {
            Stop("NotAShard", $"{source}: {ex.Message}", ErrorCategory.InvalidData);
            throw;
        }
    }

    private void Stop(string id, string message, ErrorCategory category) =>
        ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(message), id, category, _files.ToArray()));
}
