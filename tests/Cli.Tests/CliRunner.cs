using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Wharf.Cli.Tests;

/// <summary>Runs the CLI in-process with captured standard streams.</summary>
internal static class CliRunner
{
    public static CliResult RunWithStdin(string stdin, params string[] args)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        var code = CliApp.Run(args, new CliStreams(input, output, error));
        return new CliResult(code, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    public static CliResult Run(params string[] args) => RunWithStdin("", args);
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>The C test programs of examples/wasm (built on first use with make) and QuickJS.</summary>
internal static class TestPrograms
{
    private static readonly Lazy<string> BuildDir = new(Build);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Path(string name) => System.IO.Path.Join(BuildDir.Value, name + ".wasm");

    /// <summary>runtimes/quickjs/build/qjs.wasm, built by scripts/build-quickjs.sh (make setup).</summary>
    public static string QuickJs
    {
        get
        {
            var path = System.IO.Path.Join(RepoRoot, "runtimes", "quickjs", "build", "qjs.wasm");
            return File.Exists(path) ? path : throw new FileNotFoundException(
                $"{path} is missing: run scripts/build-quickjs.sh (part of make setup) first", path);
        }
    }

    /// <summary>Walks up from the test binaries, then (when built with --artifacts-path outside
    /// the tree) from this source file's compile-time location.</summary>
    private static string FindRepoRoot() =>
        FindUp(AppContext.BaseDirectory) ?? FindUp(SourceDirectory())
        ?? throw new InvalidOperationException("repository root (Operator.sln) not found");

    private static string? FindUp(string? start)
    {
        var dir = start is null ? null : new DirectoryInfo(start);
        while (dir is not null && !File.Exists(System.IO.Path.Join(dir.FullName, "Operator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }

    private static string? SourceDirectory([CallerFilePath] string path = "") => System.IO.Path.GetDirectoryName(path);

    private static string Build()
    {
        var examples = System.IO.Path.Join(RepoRoot, "examples", "wasm");
        using var make = Process.Start(new ProcessStartInfo("make", ["-C", examples, "--no-print-directory"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = make.StandardError.ReadToEndAsync();
        make.StandardOutput.ReadToEnd();
        make.WaitForExit();
        if (make.ExitCode != 0)
        {
            throw new InvalidOperationException($"building examples/wasm failed (needs clang-14, lld, wasi-libc): {stderr.Result}");
        }

        return System.IO.Path.Join(examples, "build");
    }
}
