using System;
using System.Linq.Expressions;
using System.Numerics;

namespace Isometry.Activations;

/// <summary>
/// Rewrites a custom activation's expression tree in x (doubles) into the same tree over complex x: constants and
/// arithmetic carry over, System.Math's analytic functions become System.Numerics.Complex's, Erf its continuation.
/// What is not analytic (conditionals, Abs, Max, Min, Floor, Sign and the like, anywhere x reaches) has no
/// continuation: the compiler says so and the density is not computed for that expression.
/// </summary>
internal static class ComplexCompiler
{
    public sealed class NotAnalyticException : Exception
    {
        public NotAnalyticException(string what) : base(what) { }
    }

    /// <summary>The tree of <paramref name="body"/> in x, compiled over complex arguments.</summary>
    public static Func<Complex, Complex> Compile(Expression body, ParameterExpression x, Delegate erf, Delegate erfSlope)
    {
        var z = Expression.Parameter(typeof(Complex), "z");
        var rewritten = new Rewriter(x, z, erf, erfSlope).Rewrite(body);
        return Expression.Lambda<Func<Complex, Complex>>(rewritten, z).Compile();
    }

    private sealed class Rewriter
    {
        private readonly ParameterExpression _x, _z;
        private readonly Delegate _erf, _erfSlope;

        public Rewriter(ParameterExpression x, ParameterExpression z, Delegate erf, Delegate erfSlope)
        {
            _x = x;
            _z = z;
            _erf = erf;
            _erfSlope = erfSlope;
        }

        private static readonly System.Reflection.MethodInfo ErfOfComplex = typeof(ComplexFunctions).GetMethod(nameof(ComplexFunctions.Erf))!;

        public Expression Rewrite(Expression e)
        {
            // What does not reach x is a number: evaluate it as the double tree would.
            if (!SymbolicDerivative.DependsOn(e, _x))
            {
                double value = Expression.Lambda<Func<double>>(Expression.Convert(e, typeof(double))).Compile()();
                return Expression.Constant(new Complex(value, 0.0));
            }
            switch (e)
            {
                case ParameterExpression p when p == _x:
                    return _z;
                case UnaryExpression { NodeType: ExpressionType.Negate } u:
                    return Expression.Negate(Rewrite(u.Operand));
                case UnaryExpression { NodeType: ExpressionType.UnaryPlus } u:
                    return Rewrite(u.Operand);
                case UnaryExpression { NodeType: ExpressionType.Convert } u when u.Type == typeof(double):
                    return Rewrite(u.Operand);
                case BinaryExpression b when b.NodeType is ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply
                                             or ExpressionType.Divide or ExpressionType.Power:
                {
                    Expression l = Rewrite(b.Left), r = Rewrite(b.Right);
                    return b.NodeType switch
                    {
                        ExpressionType.Add => Expression.Add(l, r),
                        ExpressionType.Subtract => Expression.Subtract(l, r),
                        ExpressionType.Multiply => Expression.Multiply(l, r),
                        ExpressionType.Divide => Expression.Divide(l, r),
                        _ => Expression.Call(typeof(Complex).GetMethod(nameof(Complex.Pow), new[] { typeof(Complex), typeof(Complex) })!, l, r),
                    };
                }
                case MethodCallExpression m when m.Method.DeclaringType == typeof(Math):
                    return Function(m);
                case InvocationExpression { Expression: ConstantExpression { Value: Delegate f } } i when f == _erf:
                    return Expression.Call(ErfOfComplex, Rewrite(i.Arguments[0]));
                case InvocationExpression { Expression: ConstantExpression { Value: Delegate f } } i when f == _erfSlope:
                {
                    // 2/sqrt(pi) e^(-a^2)
                    var a = Rewrite(i.Arguments[0]);
                    var exp = typeof(Complex).GetMethod(nameof(Complex.Exp))!;
                    return Expression.Multiply(Expression.Constant(new Complex(2.0 / Math.Sqrt(Math.PI), 0.0)),
                        Expression.Call(exp, Expression.Negate(Expression.Multiply(a, a))));
                }
                default:
                    throw new NotAnalyticException(e.NodeType.ToString());
            }
        }

        private Expression Function(MethodCallExpression m)
        {
            string name = m.Method.Name;
            if (name == nameof(Math.Pow))
                return Expression.Call(typeof(Complex).GetMethod(nameof(Complex.Pow), new[] { typeof(Complex), typeof(Complex) })!,
                    Rewrite(m.Arguments[0]), Rewrite(m.Arguments[1]));
            if (m.Arguments.Count != 1 || name == nameof(Math.Abs))
                throw new NotAnalyticException($"Math.{name}");
            var method = name switch
            {
                nameof(Math.Exp) or nameof(Math.Log) or nameof(Math.Log10) or nameof(Math.Sqrt) or nameof(Math.Sin) or nameof(Math.Cos)
                    or nameof(Math.Tan) or nameof(Math.Sinh) or nameof(Math.Cosh) or nameof(Math.Tanh) or nameof(Math.Asin)
                    or nameof(Math.Acos) or nameof(Math.Atan) => typeof(Complex).GetMethod(name, new[] { typeof(Complex) }),
                _ => null,
            };
            if (method is null) throw new NotAnalyticException($"Math.{name}");
            return Expression.Call(method, Rewrite(m.Arguments[0]));
        }
    }
}
