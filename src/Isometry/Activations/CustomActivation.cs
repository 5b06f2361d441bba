using System;
using System.Numerics;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using DynamicExpresso;
using DynamicExpresso.Exceptions;
using Isometry.Numerics;

namespace Isometry.Activations;

/// <summary>
/// A user's activation: a C# expression in x (System.Math's functions, Erf(x), conditionals), parsed once by
/// DynamicExpresso into an expression tree and compiled to a delegate. Its derivative is the user's own expression or,
/// by default, the tree's symbolic derivative (exact to rounding); phi'' is the derivative's. Expectations by quadrature;
/// treated as unbounded with the growth E[phi^2]/q read off phi at |x| = 1e8, so the fixed-point search works for
/// bounded and growing phi alike. Spectra: exact moments (its phi'^2 law is general).
/// </summary>
public sealed class CustomActivation : ActivationFunction
{
    private static readonly ConcurrentDictionary<(string, string?), CustomActivation> Compiled = new();

    private static readonly Func<double, double> ErfFunction = MathNet.Numerics.SpecialFunctions.Erf;
    private static readonly Func<double, double> ErfSlope = x => 2.0 / Math.Sqrt(Math.PI) * Math.Exp(-x * x);

    private readonly Func<double, double> _value, _derivative;

    /// <summary>phi'', or null where the derivative's tree has no rule for one.</summary>
    private readonly Func<double, double>? _second;
    private readonly double _growth;

    private CustomActivation(string expression, string? derivativeExpression, Func<double, double> value, Func<double, double> derivative,
        Func<double, double>? second, bool derivativeIsSymbolic)
    {
        Expression = expression;
        DerivativeExpression = derivativeExpression;
        DerivativeIsSymbolic = derivativeIsSymbolic;
        _value = value;
        _derivative = derivative;
        _second = second;
        IsPositivelyHomogeneousFunction = new[] { 0.3, 1.7, 5.0, 23.0 }.All(t =>
            Same(value(2 * t), 2 * value(t)) && Same(value(-2 * t), 2 * value(-t)));
        const double far = 1e8;
        double up = value(far), down = value(-far);
        _growth = double.IsFinite(up) && double.IsFinite(down) ? 0.5 * (up * up + down * down) / (far * far) : double.PositiveInfinity;
    }

    private Lazy<IComplexSlope?> _complexSlope = new(() => null);

    /// <summary>
    /// The expression's phi' and phi'' compiled over complex x, when every function in it is analytic; compiled on first
    /// use, since only a spectrum's density needs it.
    /// </summary>
    public override IComplexSlope? ComplexSlope => _complexSlope.Value;

    /// <summary>
    /// Where the expression's singularities lie is not known: the path keeps within half a unit of h of the real axis
    /// (Tanh's poles are at pi/2, the logistic function's at pi), and the side check along it halves the bend where needed.
    /// </summary>
    private sealed class CustomComplexSlope : IComplexSlope
    {
        private readonly Func<Complex, Complex> _slope, _second;
        public CustomComplexSlope(Func<Complex, Complex> slope, Func<Complex, Complex> second) => (_slope, _second) = (slope, second);
        public Complex Derivative(Complex x) => _slope(x);
        public Complex SecondDerivative(Complex x) => _second(x);
        public double SlopeStrip => 0.5;
        public double? PositiveSideSlope => null;
    }

    /// <summary>The user's expression for phi(x).</summary>
    public override string? Expression { get; }

    /// <summary>The user's expression for phi'(x), or null when it is the symbolic derivative.</summary>
    public string? DerivativeExpression { get; }

    public bool DerivativeIsSymbolic { get; }

    public override Activation Kind => Activation.Custom;
    public override double Value(double x) => _value(x);
    public override double Derivative(double x) => _derivative(x);
    public override double SecondDerivative(double x) => _second?.Invoke(x) ?? double.NaN;
    public override bool IsBounded => false;
    public override double? LinearGrowth => _growth;

    /// <summary>
    /// phi(2x) = 2 phi(x) at both signs, to rounding (a leaky ReLU, say): then the length map is affine in q and the
    /// mean field takes ReLU's route, where a critical line exists only without bias.
    /// </summary>
    public override bool IsPositivelyHomogeneous => IsPositivelyHomogeneousFunction;

    private bool IsPositivelyHomogeneousFunction { get; }

    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-13 * (Math.Abs(a) + Math.Abs(b)) + 1e-300;

    /// <summary>
    /// The activation for <paramref name="expression"/> (and optionally its derivative), compiled once per text: a sweep
    /// over thousands of points parses it once. Throws <see cref="InvalidExpressionException"/> with the position of a
    /// mistake, or when phi is not finite where the mean field needs it.
    /// </summary>
    public static CustomActivation Compile(string expression, string? derivative = null)
    {
        if (string.IsNullOrWhiteSpace(expression))
            throw new InvalidExpressionException("ExpressionMissing", "-Activation Custom needs -Expression, a C# expression in x, for example 'x * Math.Tanh(x)'.");
        derivative = string.IsNullOrWhiteSpace(derivative) ? null : derivative;
        return Compiled.GetOrAdd((expression, derivative), key => Build(key.Item1, key.Item2));
    }

    private static CustomActivation Build(string expression, string? derivativeText)
    {
        var (body, x) = Parse(expression, "-Expression");
        Expression slope;
        bool symbolic = derivativeText is null;
        if (derivativeText is null)
        {
            try
            {
                slope = SymbolicDerivative.Of(body, x, Known);
            }
            catch (SymbolicDerivative.NotDifferentiableException ex)
            {
                throw new InvalidExpressionException("ExpressionNotDifferentiable",
                    $"The derivative of '{expression}' cannot be formed symbolically ({ex.Message} has no rule): give it with -Derivative.");
            }
        }
        else
        {
            var (given, y) = Parse(derivativeText, "-Derivative");
            slope = new Rebind(y, x).Visit(given);
        }
        Func<double, double>? second;
        Expression? secondTree;
        try
        {
            secondTree = SymbolicDerivative.Of(slope, x, Known);
            second = Lambda(secondTree, x);
        }
        catch (SymbolicDerivative.NotDifferentiableException)
        {
            // phi'' only feeds the map's slope f'(q) by Stein's lemma; without it, the slope by the heat-kernel form.
            (second, secondTree) = (null, null);
        }
        var phi = new CustomActivation(expression, derivativeText, Lambda(body, x), Lambda(slope, x), second, symbolic);
        if (secondTree is not null)
            phi._complexSlope = new Lazy<IComplexSlope?>(() =>
            {
                try
                {
                    return new CustomComplexSlope(ComplexCompiler.Compile(slope, x, ErfFunction, ErfSlope),
                        ComplexCompiler.Compile(secondTree, x, ErfFunction, ErfSlope));
                }
                catch (ComplexCompiler.NotAnalyticException)
                {
                    // Conditionals, Abs, Max and the like have no continuation: moments only, as the spectrum says.
                    return null;
                }
            });
        phi.Check();
        return phi;
    }

    /// <summary>The map's slope by Stein's lemma, or where phi'' is unknown by d/dq E[g] = E[g (z^2 - 1)] / (2q).</summary>
    public override double MeanSquareSlope(double q)
    {
        if (_second is not null) return base.MeanSquareSlope(q);
        if (q <= 0.0) return Square(Derivative(0.0));
        double r = Math.Sqrt(q);
        return GaussianExpectation.Of(z => Square(Value(r * z)) * (z * z - 1.0), 0.0, 1.0 / r) / (2.0 * q);
    }

    private static Delegate? Known(Delegate f) => f == (Delegate)ErfFunction ? ErfSlope : null;

    private static (Expression Body, ParameterExpression X) Parse(string text, string parameter)
    {
        var interpreter = new Interpreter().SetFunction("Erf", ErfFunction);
        try
        {
            var lambda = interpreter.Parse(text, typeof(double), new Parameter("x", typeof(double)));
            var tree = lambda.LambdaExpression<Func<double, double>>();
            return (tree.Body, tree.Parameters[0]);
        }
        catch (ParseException ex)
        {
            throw new InvalidExpressionException("ExpressionInvalid", string.Format(CultureInfo.InvariantCulture,
                "{0} '{1}' cannot be read at position {2}: {3}. Write a C# expression in x, for example 'x * Math.Tanh(x)' " +
                "(System.Math's functions, Erf(x), conditionals such as 'x > 0 ? x : 0.1 * x').",
                parameter, text, ex.Position, ex.Message.Split(" (at index")[0].TrimEnd('.')));
        }
        catch (Exception ex) when (ex is DynamicExpressoException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidExpressionException("ExpressionInvalid",
                $"{parameter} '{text}' is not an expression in x that gives a number: {ex.Message}");
        }
    }

    private static Func<double, double> Lambda(Expression body, ParameterExpression x) =>
        System.Linq.Expressions.Expression.Lambda<Func<double, double>>(body, x).Compile();

    /// <summary>phi and phi' finite on [-40, 40] (where the quadratures look at q* up to about 10), phi' matching phi's slope.</summary>
    private void Check()
    {
        for (int i = -160; i <= 160; i++)
        {
            double x = i / 4.0 + 0.0625;
            double v = Value(x), d = Derivative(x);
            if (!double.IsFinite(v) || !double.IsFinite(d))
                throw new InvalidExpressionException("ExpressionNotFinite", string.Format(CultureInfo.InvariantCulture,
                    "'{0}' is not finite at x = {1} (phi = {2}, phi' = {3}): an activation must be defined for every real x.", Expression, x, v, d));
            // A given derivative is checked against phi's own slope (central difference, about 8 digits).
            const double h = 1e-5;
            double numeric = (Value(x + h) - Value(x - h)) / (2 * h);
            if (Math.Abs(numeric - d) > 1e-5 * (1 + Math.Abs(d)))
                throw new InvalidExpressionException("DerivativeMismatch", string.Format(CultureInfo.InvariantCulture,
                    "The derivative {0} does not match the slope of '{1}' at x = {2}: it gives {3:G8}, the expression's slope is {4:G8}.",
                    DerivativeExpression is null ? "formed from the expression" : $"'{DerivativeExpression}'", Expression, x, d, numeric));
        }
    }

    /// <summary>Replaces one parameter by another (the derivative's own x by the expression's).</summary>
    private sealed class Rebind : ExpressionVisitor
    {
        private readonly ParameterExpression _from, _to;
        public Rebind(ParameterExpression from, ParameterExpression to) { _from = from; _to = to; }
        protected override Expression VisitParameter(ParameterExpression node) => node == _from ? _to : node;
    }
}

/// <summary>A user's expression that cannot serve as an activation; the message says where and what to do.</summary>
public sealed class InvalidExpressionException : IsometryException
{
    public InvalidExpressionException(string errorId, string message) : base(errorId, message) { }
}
