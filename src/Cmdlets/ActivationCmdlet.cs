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

    /// <summary>How a row names its activation in messages: the expression for a Custom one.</summary>
    protected static string Describe(ActivationFunction function) => function.Name;
}
