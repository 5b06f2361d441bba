using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Isometry.Cmdlets;

/// <summary>
/// The module's heavy dependencies (the Open XML SDK, ScottPlot, SkiaSharp and their native libraries) live in
/// Dependencies/ and load into this context of their own, so another module in the same session that ships other
/// versions of them keeps working, and so does this one. PowerShell's documented pattern for assembly conflicts:
/// the default context asks for Isometry.Output (the only assembly the cmdlets use from there) through
/// <see cref="ResolveOutput"/>; everything Isometry.Output needs then resolves here. The engine (Isometry, MathNet)
/// is shared with the default context, so results pass between the two as the same types.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private const string Entry = "Isometry.Output";

    private static readonly string Folder = Path.Combine(
        Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location) ?? ".", "Dependencies");

    private static readonly Lazy<DependencyLoadContext> Instance = new(() => new DependencyLoadContext());

    private DependencyLoadContext() : base("Isometry.Dependencies") { }

    /// <summary>The default context's handler: Isometry.Output comes from this context; anything else is not ours.</summary>
    public static Assembly? ResolveOutput(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == Entry ? Instance.Value.LoadFromAssemblyName(name) : null;

    protected override Assembly? Load(AssemblyName name)
    {
        // The engine and what it uses are the default context's, so their types are the cmdlets' types.
        var shared = Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name.Name && name.Name is "Isometry" or "MathNet.Numerics" or "System.Numerics.Tensors" or "DynamicExpresso.Core");
        if (shared != null) return shared;
        string path = Path.Combine(Folder, name.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        // SkiaSharp and HarfBuzzSharp ask for libSkiaSharp and libHarfBuzzSharp: the build for this platform.
        string folder = Path.Combine(Folder, "runtimes", RuntimeFolder(), "native");
        string[] names = OperatingSystem.IsWindows() ? new[] { unmanagedDllName + ".dll", unmanagedDllName }
            : OperatingSystem.IsMacOS() ? new[] { unmanagedDllName + ".dylib", unmanagedDllName }
            : new[] { unmanagedDllName + ".so", unmanagedDllName };
        foreach (string file in names)
        {
            string path = Path.Combine(folder, file);
            if (File.Exists(path)) return LoadUnmanagedDllFromPath(path);
        }
        return IntPtr.Zero;
    }

    private static string RuntimeFolder()
    {
        if (OperatingSystem.IsMacOS()) return "osx";
        string arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        return OperatingSystem.IsWindows() ? $"win-{arch}" : $"linux-{arch}";
    }
}

/// <summary>Registers the resolver when the module is imported, and removes it when the module is removed.</summary>
public sealed class ModuleLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => AssemblyLoadContext.Default.Resolving += DependencyLoadContext.ResolveOutput;

    public void OnRemove(PSModuleInfo module) => AssemblyLoadContext.Default.Resolving -= DependencyLoadContext.ResolveOutput;
}
