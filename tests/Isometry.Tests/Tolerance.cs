using System;
using Xunit;

namespace Isometry.Tests;

internal static class Assertions
{
    /// <summary>|actual - expected| &lt;= rel * |expected| (+ abs), with a message that shows both.</summary>
    public static void Close(double expected, double actual, double rel, double abs = 0.0, string? what = null)
    {
        double err = Math.Abs(actual - expected);
        Assert.True(err <= rel * Math.Abs(expected) + abs,
            $"{what ?? "value"}: expected {expected:R}, got {actual:R} (error {err:E3}, allowed {rel * Math.Abs(expected) + abs:E3})");
    }
}
