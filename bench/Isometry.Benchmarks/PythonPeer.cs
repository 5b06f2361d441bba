using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Isometry.Benchmarks;

/// <summary>
/// Runs a peer's script (numpy, PyTorch) in Debian's python3, in this process's environment (the same OPENBLAS_*
/// settings), and reads the numbers it prints on one line; null when python3 or its package is missing.
/// </summary>
public static class PythonPeer
{
    public static double[]? Run(string script, params object[] arguments)
    {
        try
        {
            // Debian's python3 has Debian's python3-numpy and python3-torch; a python3 earlier on PATH (pyenv, say) may not.
            string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            foreach (var a in arguments) start.ArgumentList.Add(Convert.ToString(a, CultureInfo.InvariantCulture)!);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = error.Result;
            if (process.ExitCode != 0) return null;
            return output.Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or FormatException)
        {
            return null;
        }
    }
}
