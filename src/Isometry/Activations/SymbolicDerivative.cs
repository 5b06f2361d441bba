using System;
using System.Linq.Expressions;
using System.Reflection;

namespace Isometry.Activations;

/// <summary>
/// d/dx of a LINQ expression tree in one double parameter, as another tree: the rules of calculus for + - * /, negation,
/// conditionals and the one-argument functions of System.Math (and Math.Pow, Max, Min, Abs), so that a user's activation
/// gets an exact derivative (finite differences would give about 8 digits, not the 12 the mean field needs).
/// </summary>
public static class SymbolicDerivative
{
    /// <summary>Thrown for a node the rules do not cover; names it so the user can give the derivative instead.</summary>
    public sealed class NotDifferentiableException : Exception
    {
        public NotDifferentiableException(string what) : base(what) { }
    }

    private static readonly Expression Zero = Expression.Constant(0.0);
    private static readonly Expression One = Expression.Constant(1.0);

    /// <summary>The derivative of <paramref name="e"/> (of type double) with respect to <paramref name="x"/>.</summary>
    public static Expression Of(Expression e, ParameterExpression x, Func<Delegate, Delegate?>? knownDerivative = null)
    {
        switch (e)
        {
            case ConstantExpression:
                return Zero;
            case ParameterExpression p:
                return p == x ? One : Zero;
            case UnaryExpression u when u.NodeType is ExpressionType.Convert or ExpressionType.ConvertChecked:
                // An integer or other numeric sub-expression converted to double: its derivative, converted.
                return u.Operand.Type == typeof(double) ? Of(u.Operand, x, knownDerivative)
                    : u.Operand is MethodCallExpression { Method.Name: nameof(Math.Sign) } m0 && m0.Method.DeclaringType == typeof(Math) ? Zero
                    : DependsOn(u.Operand, x) ? throw new NotDifferentiableException($"a conversion from {u.Operand.Type.Name}")
                    : Zero;
            case UnaryExpression u when u.NodeType == ExpressionType.Negate:
                return Expression.Negate(Of(u.Operand, x, knownDerivative));
            case UnaryExpression u when u.NodeType == ExpressionType.UnaryPlus:
                return Of(u.Operand, x, knownDerivative);
            case BinaryExpression b when b.Type == typeof(double):
                return Binary(b, x, knownDerivative);
            case ConditionalExpression c:
                return Expression.Condition(c.Test, Of(c.IfTrue, x, knownDerivative), Of(c.IfFalse, x, knownDerivative));
            case MethodCallExpression m when m.Method.DeclaringType == typeof(Math):
                return MathCall(m, x, knownDerivative);
            case InvocationExpression i when i.Expression is ConstantExpression { Value: Delegate f } && i.Arguments.Count == 1
                                             && knownDerivative?.Invoke(f) is Delegate df:
                // A function the interpreter was given (Erf), with its known derivative: f'(a) a'.
                return Expression.Multiply(Expression.Invoke(Expression.Constant(df), i.Arguments[0]), Of(i.Arguments[0], x, knownDerivative));
        }
        if (!DependsOn(e, x)) return Zero;
        throw new NotDifferentiableException(e is MethodCallExpression call ? $"{call.Method.DeclaringType?.Name}.{call.Method.Name}" : e.NodeType.ToString());
    }

    private static Expression Binary(BinaryExpression b, ParameterExpression x, Func<Delegate, Delegate?>? known)
    {
        Expression l = b.Left, r = b.Right;
        switch (b.NodeType)
        {
            case ExpressionType.Add:
                return Expression.Add(Of(l, x, known), Of(r, x, known));
            case ExpressionType.Subtract:
                return Expression.Subtract(Of(l, x, known), Of(r, x, known));
            case ExpressionType.Multiply:
                return Expression.Add(Expression.Multiply(Of(l, x, known), r), Expression.Multiply(l, Of(r, x, known)));
            case ExpressionType.Divide:
                // (l/r)' = l'/r - l r'/r^2 = (l' - (l/r) r') / r
                return Expression.Divide(Expression.Subtract(Of(l, x, known), Expression.Multiply(b, Of(r, x, known))), r);
            case ExpressionType.Power:
                return Power(b, l, r, x, known);
            default:
                throw new NotDifferentiableException($"the operator {b.NodeType}");
        }
    }

    private static Expression Power(Expression whole, Expression a, Expression n, ParameterExpression x, Func<Delegate, Delegate?>? known)
    {
        var pow = typeof(Math).GetMethod(nameof(Math.Pow))!;
        if (!DependsOn(n, x))
            // n a^(n - 1) a'
            return Expression.Multiply(Expression.Multiply(n, Expression.Call(pow, a, Expression.Subtract(n, One))), Of(a, x, known));
        // a^n (n' ln a + n a'/a)
        var log = typeof(Math).GetMethod(nameof(Math.Log), new[] { typeof(double) })!;
        return Expression.Multiply(whole, Expression.Add(Expression.Multiply(Of(n, x, known), Expression.Call(log, a)),
            Expression.Divide(Expression.Multiply(n, Of(a, x, known)), a)));
    }

    private static Expression MathCall(MethodCallExpression m, ParameterExpression x, Func<Delegate, Delegate?>? known)
    {
        if (m.Method.ReturnType != typeof(double)) throw new NotDifferentiableException($"Math.{m.Method.Name} for {m.Method.ReturnType.Name}");
        var args = m.Arguments;
        if (args.Count == 2)
        {
            Expression a0 = args[0], b0 = args[1];
            switch (m.Method.Name)
            {
                case nameof(Math.Pow):
                    return Power(m, a0, b0, x, known);
                case nameof(Math.Max):
                    return Expression.Condition(Expression.GreaterThanOrEqual(a0, b0), Of(a0, x, known), Of(b0, x, known));
                case nameof(Math.Min):
                    return Expression.Condition(Expression.LessThanOrEqual(a0, b0), Of(a0, x, known), Of(b0, x, known));
                case nameof(Math.Atan2):
                    // d atan2(y, x) = (x y' - y x') / (x^2 + y^2)
                    return Expression.Divide(Expression.Subtract(Expression.Multiply(b0, Of(a0, x, known)), Expression.Multiply(a0, Of(b0, x, known))),
                        Expression.Add(Expression.Multiply(a0, a0), Expression.Multiply(b0, b0)));
                case nameof(Math.Log):
                    // log_b a = ln a / ln b
                    var ln = typeof(Math).GetMethod(nameof(Math.Log), new[] { typeof(double) })!;
                    return Of(Expression.Divide(Expression.Call(ln, a0), Expression.Call(ln, b0)), x, known);
            }
            throw new NotDifferentiableException($"Math.{m.Method.Name}");
        }
        if (args.Count != 1) throw new NotDifferentiableException($"Math.{m.Method.Name}");
        var a = args[0];
        var da = Of(a, x, known);
        Expression Call(string name, Expression arg) => Expression.Call(typeof(Math).GetMethod(name, new[] { typeof(double) })!, arg);
        Expression outer = m.Method.Name switch
        {
            nameof(Math.Exp) => m,
            nameof(Math.Log) => Expression.Divide(One, a),
            nameof(Math.Log10) => Expression.Divide(One, Expression.Multiply(a, Expression.Constant(Math.Log(10.0)))),
            nameof(Math.Log2) => Expression.Divide(One, Expression.Multiply(a, Expression.Constant(Math.Log(2.0)))),
            nameof(Math.Sqrt) => Expression.Divide(Expression.Constant(0.5), m),
            nameof(Math.Cbrt) => Expression.Divide(Expression.Constant(1.0 / 3.0), Expression.Multiply(m, m)),
            nameof(Math.Sin) => Call(nameof(Math.Cos), a),
            nameof(Math.Cos) => Expression.Negate(Call(nameof(Math.Sin), a)),
            nameof(Math.Tan) => Expression.Add(One, Expression.Multiply(m, m)),
            nameof(Math.Sinh) => Call(nameof(Math.Cosh), a),
            nameof(Math.Cosh) => Call(nameof(Math.Sinh), a),
            // 1 - tanh^2 as 1/cosh^2: no cancellation where tanh saturates.
            nameof(Math.Tanh) => Expression.Divide(One, Expression.Multiply(Call(nameof(Math.Cosh), a), Call(nameof(Math.Cosh), a))),
            nameof(Math.Atan) => Expression.Divide(One, Expression.Add(One, Expression.Multiply(a, a))),
            nameof(Math.Asin) => Expression.Divide(One, Call(nameof(Math.Sqrt), Expression.Subtract(One, Expression.Multiply(a, a)))),
            nameof(Math.Acos) => Expression.Negate(Expression.Divide(One, Call(nameof(Math.Sqrt), Expression.Subtract(One, Expression.Multiply(a, a))))),
            nameof(Math.Asinh) => Expression.Divide(One, Call(nameof(Math.Sqrt), Expression.Add(Expression.Multiply(a, a), One))),
            nameof(Math.Atanh) => Expression.Divide(One, Expression.Subtract(One, Expression.Multiply(a, a))),
            nameof(Math.Abs) => Expression.Condition(Expression.GreaterThanOrEqual(a, Zero), One, Expression.Constant(-1.0)),
            nameof(Math.Sign) or nameof(Math.Floor) or nameof(Math.Ceiling) or nameof(Math.Round) or nameof(Math.Truncate) => Zero,
            _ => throw new NotDifferentiableException($"Math.{m.Method.Name}"),
        };
        return Expression.Multiply(outer, da);
    }

    /// <summary>Whether <paramref name="e"/> mentions <paramref name="x"/> anywhere.</summary>
    public static bool DependsOn(Expression e, ParameterExpression x)
    {
        var finder = new Finder(x);
        finder.Visit(e);
        return finder.Found;
    }

    private sealed class Finder : ExpressionVisitor
    {
        private readonly ParameterExpression _x;
        public Finder(ParameterExpression x) => _x = x;
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (node == _x) Found = true;
            return node;
        }
    }
}
