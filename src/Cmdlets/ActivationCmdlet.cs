using System;
using System.Linq;
using System.Management.Automation;
using Isometry.Activations;

namespace Isometry.Cmdlets;

/// <summary>
/// A cmdlet that takes activations, among them a user's own: -Activation Custom -Expression 'x * Math.Tanh(x)' (and
/// optionally -Derivative). Both bind by property name, so a Custom row piped from one cmdlet carries its expression to
/// the next. -Expression alone means -Activation Custom.
/// </summary>
public abstract class ActivationCmdlet : IsometryCmdlet
{
    /// <summary>phi(x) of a Custom activation: a C# expression in x.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull, AllowEmptyString]
    public string? Expression { get; set; }

    /// <summary>phi'(x) of a Custom activation; by default the expression's symbolic derivative.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull, AllowEmptyString]
    public string? Derivative { get; set; }

    private bool HasExpression => !string.IsNullOrWhiteSpace(Expression);

    /// <summary>
    /// The activations to run: as given, or Custom when only -Expression was. An expression beside built-in activations
    /// alone is a mistake (it would be silently ignored), so it stops the command.
    /// </summary>
    protected Activation[] Chosen(Activation[] given)
    {
        if (!HasExpression) return given;
        if (!MyInvocation.BoundParameters.ContainsKey("Activation")) return new[] { Isometry.Activation.Custom };
        if (!given.Contains(Isometry.Activation.Custom))
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException(
                $"-Expression defines a Custom activation, but -Activation is {string.Join(", ", given)}: add Custom to -Activation, or leave -Activation out."),
                "ExpressionWithoutCustom", ErrorCategory.InvalidArgument, Expression));
        return given;
    }

    /// <summary>The function for <paramref name="kind"/> (Custom compiled once per expression); false after its error.</summary>
    protected bool TryResolve(Activation kind, object target, out ActivationFunction function) =>
        TryCompute(() => ActivationFunction.For(kind, Expression, Derivative), target, $"the activation {kind}", out function);

    /// <summary>Only shard i of n of the sweep ('2/8'): the points whose serial index k has k mod n = i - 1.</summary>
    [Parameter]
    public Isometry.Sweeps.Shard? Shard { get; set; }

    /// <summary>The shard of this task of a Slurm job array, from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT.</summary>
    [Parameter]
    public SwitchParameter ShardFromSlurm { get; set; }

    private Isometry.Sweeps.Shard? _shard;
    private bool _shardResolved;
    private long _nextPoint;

    /// <summary>The shard this run computes, from -Shard or -ShardFromSlurm (stops the command when neither can say).</summary>
    private Isometry.Sweeps.Shard? ActiveShard
    {
        get
        {
            if (_shardResolved) return _shard;
            _shardResolved = true;
            if (ShardFromSlurm && Shard != null)
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Shard and -ShardFromSlurm both name a shard: give one of them."),
                    "ShardTwice", ErrorCategory.InvalidArgument, Shard));
            if (ShardFromSlurm)
            {
                _shard = Isometry.Sweeps.Shard.FromSlurm(System.Environment.GetEnvironmentVariable, out string? reason);
                if (_shard == null)
                    ThrowTerminatingError(new ErrorRecord(new PSInvalidOperationException($"-ShardFromSlurm: {reason}."),
                        "NotInSlurmArray", ErrorCategory.InvalidOperation, null));
            }
            else _shard = Shard;
            if (_shard != null) WriteVerbose($"Shard {_shard}: the points whose serial index k has k mod {_shard.Count} = {_shard.Index - 1}.");
            return _shard;
        }
    }

    /// <summary>
    /// The next point of the sweep, in the serial order (counted across pipeline input too): its index, and whether this
    /// run computes it. Every point is counted, computed or not, failed or not, so the indices do not depend on the shard.
    /// </summary>
    protected bool TakePoint(out long point)
    {
        point = _nextPoint++;
        return ActiveShard is not { } shard || shard.Contains(point);
    }

    /// <summary>
    /// A result as it goes out: in a sharded run it carries SweepPoint, its serial index, and Shard, so that
    /// Merge-IsometryResult can check the shards and put their rows back in the serial order; otherwise it is the object itself.
    /// </summary>
    protected object Tagged(object result, long point)
    {
        if (ActiveShard == null) return result;
        var wrapped = PSObject.AsPSObject(result);
        wrapped.Properties.Add(new PSNoteProperty(SweepPointProperty, point));
        wrapped.Properties.Add(new PSNoteProperty(ShardProperty, ActiveShard.ToString()));
        return wrapped;
    }

    /// <summary>The note properties a sharded run's rows carry: the serial index of their point, and the shard ('2/8').</summary>
    public const string SweepPointProperty = "SweepPoint";
    public const string ShardProperty = "Shard";

    /// <summary>How a row names its activation in messages: the expression for a Custom one.</summary>
    protected static string Describe(ActivationFunction function) => function.Name;
}
