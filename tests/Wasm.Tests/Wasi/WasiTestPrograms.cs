using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Wharf.Wasm.Tests.Wasi;

/// <summary>The clang-built C programs of examples/wasm, built with make on first use.</summary>
internal static class WasiTestPrograms
{
    private static readonly Lazy<string> BuildDir = new(Build);

    public static byte[] Load(string name) => File.ReadAllBytes(Path.Join(BuildDir.Value, name + ".wasm"));

    private static string Build()
    {
        var root = FindUp(AppContext.BaseDirectory) ?? FindUp(SourceDirectory())
            ?? throw new InvalidOperationException("repository root (Operator.sln) not found");
        var examples = Path.Join(root, "examples", "wasm");
        using var make = Process.Start(new ProcessStartInfo("make", ["-C", examples, "--no-print-directory"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = make.StandardError.ReadToEndAsync();
        make.StandardOutput.ReadToEnd();
        make.WaitForExit();
        return make.ExitCode == 0
            ? Path.Join(examples, "build")
            : throw new InvalidOperationException($"building examples/wasm failed (needs clang-14, lld, wasi-libc): {stderr.Result}");
    }

    private static string? FindUp(string? start)
    {
        var dir = start is null ? null : new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Join(dir.FullName, "Operator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }

    private static string? SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path);
}
