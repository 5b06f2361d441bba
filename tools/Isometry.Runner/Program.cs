using System;
using System.IO;
using System.Linq;
using Isometry.Hosting;

namespace Isometry.Runner;

/// <summary>
/// isometry-run [--module PATH] (SCRIPT.ps1 [ARGS...] | -Command TEXT)
/// Hosts the PowerShell engine, imports Isometry, runs the script and renders its output through the module's
/// format views. Exit code: the script's own (exit N), 1 after a terminating error, 2 for a usage error.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: isometry-run [--module PATH/Isometry.psd1] SCRIPT.ps1 [ARGS...]\n" +
        "       isometry-run [--module PATH/Isometry.psd1] -Command \"Get-FixedPoint -Activation Tanh -WeightStd 1.5\"\n" +
        "Runs PowerShell with the Isometry module imported; output is rendered as pwsh would render it.";

    public static int Main(string[] args)
    {
        string? manifest = null, command = null, script = null;
        int i = 0;
        for (; i < args.Length && script == null && command == null; i++)
        {
            switch (args[i])
            {
                case "--module" when i + 1 < args.Length: manifest = args[++i]; break;
                case "-c" or "-Command" or "--command" when i + 1 < args.Length: command = string.Join(' ', args.Skip(i + 1)); i = args.Length; break;
                case "-h" or "--help" or "-?": Console.WriteLine(Usage); return 0;
                default:
                    if (args[i].StartsWith('-')) { Console.Error.WriteLine($"Unknown option {args[i]}.\n{Usage}"); return 2; }
                    script = args[i];
                    break;
            }
        }
        if (script == null && command == null) { Console.Error.WriteLine(Usage); return 2; }
        manifest ??= IsometrySession.FindManifest();
        if (manifest == null)
        {
            Console.Error.WriteLine("Cannot find out/Isometry/Isometry.psd1 above the current folder. Build the module first (dotnet build -c Release) or pass --module.");
            return 2;
        }
        if (script != null && !File.Exists(script)) { Console.Error.WriteLine($"No script at {Path.GetFullPath(script)}."); return 2; }

        int width = Console.IsOutputRedirected ? 120 : Math.Max(80, SafeWindowWidth());
        // Colours for a terminal; escape sequences are noise in a log file or a pipe, and NO_COLOR turns them off.
        bool colour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") == null;
        var host = new LineHost(Console.Out, Console.Error, width, supportsVirtualTerminal: colour);
        try
        {
            using var session = new IsometrySession(manifest, host);
            var result = script != null ? session.RenderFile(script, args.Skip(i)) : session.Render(command!);
            return result.ExitCode;
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidOperationException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static int SafeWindowWidth()
    {
        try { return Console.WindowWidth; } catch (IOException) { return 120; }
    }
}
