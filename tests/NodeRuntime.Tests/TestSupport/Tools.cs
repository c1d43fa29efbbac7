using System.Diagnostics;

namespace Wharf.NodeRuntime.Tests.TestSupport;

/// <summary>Builds test modules: .wat via wabt's wat2wasm, the C examples via their Makefiles (Debian clang).</summary>
internal static class Tools
{
    private static readonly Lock BuildLock = new();

    public static string RepoRoot { get; } = FindRoot();

    public static byte[] Wat(string text, bool validate = true)
    {
        var dir = Directory.CreateTempSubdirectory("hb-wat-");
        try
        {
            var wat = Path.Combine(dir.FullName, "m.wat");
            var wasm = Path.Combine(dir.FullName, "m.wasm");
            File.WriteAllText(wat, text);
            Run("wat2wasm", $"\"{wat}\" -o \"{wasm}\"{(validate ? "" : " --no-check")}", dir.FullName);
            return File.ReadAllBytes(wasm);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Builds (make) and reads an example's output, e.g. ("c-sdk-hello", "c-sdk-hello.wasm").</summary>
    public static byte[] Example(string name, string output)
    {
        var dir = Path.Combine(RepoRoot, "examples", name);
        lock (BuildLock)
        {
            Run("make", "--no-print-directory", dir);
        }

        return File.ReadAllBytes(Path.Combine(dir, "build", output));
    }

    /// <summary>runtimes/quickjs/build/wharf-js.wasm, built by helper ha's Makefile
    /// (<c>make -C runtimes/quickjs/worker</c>, several minutes, so it is not built from a test).</summary>
    public static byte[] WharfJs()
    {
        var path = Path.Combine(RepoRoot, "runtimes", "quickjs", "build", "wharf-js.wasm");
        return File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new FileNotFoundException($"{path} is missing: run `make -C runtimes/quickjs/worker` first", path);
    }

    private static void Run(string tool, string args, string workDir)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args)
        {
            WorkingDirectory = workDir,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException($"cannot start {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {args} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
        {
            dir = dir.Parent;
        }

        // Built with --artifacts-path outside the tree: fall back to the source location.
        return dir?.FullName ?? Path.GetFullPath(Path.Combine(ThisFileDirectory(), "..", "..", ".."));
    }

    private static string ThisFileDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path)!;
}
