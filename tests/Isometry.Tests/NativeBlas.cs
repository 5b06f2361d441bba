using System;
using Isometry.LinearAlgebra;
using Xunit;

namespace Isometry.Tests;

internal static class NativeBlas
{
    /// <summary>
    /// OpenBLAS when the machine has it, else null: a user's machine without it runs the managed path. Under CI, where
    /// .ci/run installs libopenblas0-pthread, a failure to load is itself a failed test.
    /// </summary>
    public static OpenBlasBackend? LoadOrNullOffCI()
    {
        var native = OpenBlasBackend.TryLoad();
        Assert.False(native == null && Environment.GetEnvironmentVariable("CI") == "true",
            "OpenBLAS must load under CI (.ci/run installs libopenblas0-pthread)");
        return native;
    }
}
