using System.Diagnostics;

namespace Wharf.Wasm.SpecTests;

/// <summary>
/// Converts .wast scripts to JSON + binary modules with wabt's <c>wast2json</c>, caching the output
/// under the build directory and reconverting only when the script is newer than its JSON.
/// </summary>
internal sealed class WastConverter(string cacheDirectory)
{
    public const string Tool = "wast2json";

    /// <summary>Whether <c>wast2json</c> can be started.</summary>
    public static bool IsAvailable()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Tool, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Returns the JSON path for <paramref name="wastPath"/>, converting when needed.</summary>
    public string Convert(string wastPath)
    {
        var name = Path.GetFileNameWithoutExtension(wastPath);
        var directory = Path.Combine(cacheDirectory, name);
        var json = Path.Combine(directory, name + ".json");
        if (File.Exists(json) && File.GetLastWriteTimeUtc(json) >= File.GetLastWriteTimeUtc(wastPath))
        {
            return json;
        }

        Directory.CreateDirectory(directory);
        var info = new ProcessStartInfo(Tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(wastPath);
        info.ArgumentList.Add("-o");
        info.ArgumentList.Add(json);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {Tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            File.Delete(json);
            throw new InvalidOperationException($"{Tool} failed on {Path.GetFileName(wastPath)}: {stderr.Result.Trim()}");
        }

        return json;
    }
}
