using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace Isometry.Cmdlets;

/// <summary>
/// Argument transformations that accept exactly what a parameter means and reject everything else with a message in
/// the module's words. They run before PowerShell's own conversion, which would otherwise OR enum names together
/// ("ReLU, HardTanh" to one Tanh), read "1,5" as 15 (the invariant thousands separator), truncate 2.5 to 2, or, for
/// a piped record whose property fails to convert, silently keep the parameter's default. A transformation error is
/// reported for the record (non-terminating in a pipeline), so a sweep goes on.
/// </summary>
public abstract class StrictArgumentAttribute : ArgumentTransformationAttribute
{
    /// <summary>One element, already unwrapped from PSObject; throws <see cref="Reject"/> when it is not acceptable.</summary>
    protected abstract object ConvertElement(object? element);

    /// <summary>An empty array of the element type, to build typed arrays from.</summary>
    protected abstract Array NewArray(int length);

    public sealed override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? raw = Unwrap(inputData);
        if (raw is IList list && raw is not string)
        {
            var elements = new object?[list.Count];
            for (int i = 0; i < list.Count; i++)
            {
                elements[i] = Unwrap(list[i]);
                if (!IsScalar(elements[i])) return inputData;
            }
            var result = NewArray(elements.Length);
            for (int i = 0; i < elements.Length; i++) result.SetValue(ConvertElement(elements[i]), i);
            return result;
        }
        // A whole record offered to a ValueFromPipeline parameter is left to PowerShell, which then binds its
        // properties by name (and runs this transformation on each of them).
        return IsScalar(raw) ? ConvertElement(raw) : inputData;
    }

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

    /// <summary>A value a parameter could mean: null, text, a number, a Boolean or an enum member.</summary>
    private static bool IsScalar(object? value) =>
        value is null or string or decimal || value.GetType().IsPrimitive || value.GetType().IsEnum;

    protected static ArgumentTransformationMetadataException Reject(string message) => new(message);

    /// <summary>How a rejected value is quoted in a message: strings in quotes, the rest invariantly.</summary>
    protected static string Show(object? value) => value switch
    {
        null => "an empty value ($null)",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => $"a {value.GetType().Name}",
    };
}

/// <summary>A real number: any numeric value, or a string in invariant notation (1.5, 1e-3).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class StrictNumberAttribute : StrictArgumentAttribute
{
    protected override Array NewArray(int length) => new double[length];

    protected override object ConvertElement(object? element)
    {
        switch (element)
        {
            case double d: return d;
            case float or decimal or int or long or short or byte or sbyte or uint or ulong or ushort:
                return Convert.ToDouble(element, CultureInfo.InvariantCulture);
            case string s:
                string text = s.Trim();
                if (text.Length == 0)
                    throw Reject("An empty string is not a number: supply a value such as 0.05.");
                if (text.Contains(','))
                    throw Reject($"{Show(s)} is not a number here: write the decimal with a point (1.5), or give several values unquoted and separated by commas (1, 5).");
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
                    return parsed;
                throw Reject($"{Show(s)} is not a number: supply a value such as 0.05 or 1.5 (decimal point, no thousands separator).");
            default:
                throw Reject($"{Show(element)} is not a number: supply a value such as 0.05 or 1.5.");
        }
    }
}

/// <summary>A whole number (a depth, a count): integers, integral doubles, or strings of digits; 2.5 is rejected.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class StrictIntegerAttribute : StrictArgumentAttribute
{
    protected override Array NewArray(int length) => new int[length];

    protected override object ConvertElement(object? element)
    {
        double value;
        switch (element)
        {
            case int i: return i;
            case long or short or byte or sbyte or uint or ulong or ushort:
                value = Convert.ToDouble(element, CultureInfo.InvariantCulture);
                break;
            case double or float or decimal:
                value = Convert.ToDouble(element, CultureInfo.InvariantCulture);
                break;
            case string s when s.Trim().Length > 0 && !s.Contains(',') &&
                               double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed):
                value = parsed;
                break;
            default:
                throw Reject($"{Show(element)} is not a whole number: supply one such as 10.");
        }
        if (double.IsNaN(value) || Math.Floor(value) != value || value < int.MinValue || value > int.MaxValue)
            throw Reject($"{Show(element)} is not a whole number: supply one such as 10 (layers and counts are not rounded).");
        return (int)value;
    }
}

/// <summary>
/// A name of one of <see cref="EnumType"/>'s members (any case), or a member itself. Numbers and comma-joined names
/// are rejected: PowerShell would turn them into values the enum does not define, or OR names together.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class StrictEnumAttribute : StrictArgumentAttribute
{
    public StrictEnumAttribute(Type enumType) => EnumType = enumType;

    public Type EnumType { get; }

    private string Choices => string.Join(", ", Enum.GetNames(EnumType));

    private string Noun => EnumType == typeof(Activation) ? "activation" : EnumType.Name;

    protected override Array NewArray(int length) => Array.CreateInstance(EnumType, length);

    protected override object ConvertElement(object? element)
    {
        if (element != null && element.GetType() == EnumType)
        {
            if (Enum.IsDefined(EnumType, element)) return element;
            throw Reject($"{Convert.ToInt64(element, CultureInfo.InvariantCulture)} is not a defined {Noun}: use one of {Choices}.");
        }
        if (element is string s)
        {
            if (s.Contains(','))
                throw Reject($"{Show(s)} is one string, not a name: to give several, separate the names unquoted ({string.Join(", ", s.Split(',').Select(p => p.Trim()))}).");
            foreach (string name in Enum.GetNames(EnumType))
                if (string.Equals(name, s.Trim(), StringComparison.OrdinalIgnoreCase))
                    return Enum.Parse(EnumType, name);
            throw Reject($"{Show(s)} is not {Article(Noun)} {Noun}: use one of {Choices}.");
        }
        throw Reject($"{Show(element)} is not {Article(Noun)} {Noun} name: use one of {Choices}.");
    }

    private static string Article(string noun) => "aeiouAEIOU".IndexOf(noun[0]) >= 0 ? "an" : "a";
}
