using System.Diagnostics;
using Wharf.Cli.Dev;
using Wharf.Oci;

namespace Wharf.Cli.Artifacts;

/// <summary>A build that cannot be done; the message names the file or tool and the cause.</summary>
internal sealed class BuildException(string message) : Exception(message);

/// <summary>What <c>wharf build</c> produced.</summary>
internal sealed record BuildResult(string Name, WorkerArtifactKind Kind, OciDescriptor Manifest, string LayoutPath, long ModuleBytes);

/// <summary>
/// <c>wharf build</c>: bundles a JavaScript/TypeScript worker with esbuild into one ES module plus source map, or
/// validates a wasm worker, and writes the artifact (docs/artifacts.md) as an OCI image layout in <c>DIR/.wharf/</c>.
/// Same sources → same manifest digest: esbuild's output is deterministic, paths in the source map are relative
/// to the project, and the artifact carries no timestamps.
/// </summary>
internal static class WorkerBuilder
{
    public const string LayoutDirectory = ".wharf";
    public const string EsbuildEnvironmentVariable = "WHARF_ESBUILD";

    private static readonly string[] ScriptExtensions = [".js", ".mjs", ".ts", ".mts"];

    public static BuildResult Build(string directory, string? esbuild, TextWriter log)
    {
        var dir = Path.GetFullPath(directory);
        if (!Directory.Exists(dir))
        {
            throw new BuildException($"{directory}: no such folder");
        }

        var manifest = ReadManifest(dir);
        var main = Path.GetFullPath(Path.Join(dir, manifest.Main));
        if (!main.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BuildException($"{DevManifest.FileName}: 'main' ({manifest.Main}) must be inside the project folder");
        }

        if (!File.Exists(main))
        {
            throw new BuildException($"main file '{manifest.Main}' does not exist in {dir}");
        }

        var layoutPath = Path.Join(dir, LayoutDirectory);
        var extension = Path.GetExtension(main).ToLowerInvariant();
        if (extension == ".wasm")
        {
            var module = File.ReadAllBytes(main);
            WasmValidation.Validate(module, manifest.Main);
            var layout = OciImageLayout.Create(layoutPath);
            var descriptor = WorkerArtifacts.WriteWasm(layout, module, Path.GetFileName(main), manifest.Name);
            Prune(layout, descriptor);
            return new BuildResult(manifest.Name, WorkerArtifactKind.Wasm, descriptor, layoutPath, module.Length);
        }

        if (!ScriptExtensions.Contains(extension))
        {
            throw new BuildException($"'main' ({manifest.Main}) must be a .js, .mjs, .ts, .mts or .wasm file");
        }

        var bundleDir = Path.Join(layoutPath, "bundle");
        Directory.CreateDirectory(bundleDir);
        var outFile = Path.Join(bundleDir, "worker.js");
        Bundle(FindEsbuild(esbuild, dir), dir, main, outFile, log);
        var code = File.ReadAllBytes(outFile);
        var map = File.Exists(outFile + ".map") ? File.ReadAllBytes(outFile + ".map") : [];
        var jsLayout = OciImageLayout.Create(layoutPath);
        var js = WorkerArtifacts.WriteJavaScript(jsLayout, code, map, "worker.js", manifest.Name);
        Prune(jsLayout, js);
        return new BuildResult(manifest.Name, WorkerArtifactKind.JavaScript, js, layoutPath, code.Length);
    }

    /// <summary>The project's wharf.json, or the defaults (index.ts when there is one, else index.js).</summary>
    internal static DevManifest ReadManifest(string dir)
    {
        var path = Path.Join(dir, DevManifest.FileName);
        var name = Path.GetFileName(dir);
        try
        {
            if (File.Exists(path))
            {
                return DevManifest.Parse(File.ReadAllText(path), path, name);
            }

            var main = File.Exists(Path.Join(dir, "index.ts")) && !File.Exists(Path.Join(dir, "index.js")) ? "index.ts" : "index.js";
            return DevManifest.Default(name, main);
        }
        catch (DevConfigException e)
        {
            throw new BuildException(e.Message);
        }
    }

    /// <summary>esbuild from --esbuild, $WHARF_ESBUILD, the project's node_modules/.bin, or PATH (Debian's package).</summary>
    private static string FindEsbuild(string? explicitPath, string dir)
    {
        var candidates = new List<string?> { explicitPath, Environment.GetEnvironmentVariable(EsbuildEnvironmentVariable), Path.Join(dir, "node_modules", ".bin", "esbuild") };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(p => Path.Join(p, "esbuild")));
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (!string.IsNullOrEmpty(explicitPath))
        {
            throw new BuildException($"esbuild not found at {explicitPath}");
        }

        throw new BuildException("esbuild not found: install it (apt-get install esbuild, or npm install --save-dev esbuild) or pass --esbuild PATH");
    }

    private static void Bundle(string esbuild, string dir, string main, string outFile, TextWriter log)
    {
        // Paths relative to the project keep the source map (and so the digest) independent of where the project lives.
        var start = new ProcessStartInfo(esbuild)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            Path.GetRelativePath(dir, main), "--bundle", "--format=esm", "--platform=neutral", "--target=es2022",
            "--main-fields=module,main", "--sourcemap", "--charset=utf8", "--log-level=warning",
            "--external:node:*", "--external:cloudflare:*",
            "--outfile=" + Path.GetRelativePath(dir, outFile),
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new BuildException($"could not start {esbuild}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new BuildException("esbuild did not finish within 5 minutes");
        }

        var errors = stderr.GetAwaiter().GetResult().Trim();
        if (process.ExitCode != 0)
        {
            throw new BuildException($"esbuild failed (exit {process.ExitCode}):\n{errors}{stdout}");
        }

        if (errors.Length > 0)
        {
            log.WriteLine(errors);
        }
    }

    /// <summary>Deletes blobs of earlier builds, so the layout holds exactly one artifact.</summary>
    private static void Prune(OciImageLayout layout, OciDescriptor manifestDescriptor)
    {
        var manifest = OciManifest.Parse(layout.ReadBlob(manifestDescriptor));
        var keep = manifest.Layers.Select(l => l.Digest).Append(manifest.Config.Digest).Append(manifestDescriptor.Digest)
            .Select(OciDigest.Hex).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(layout.BlobPath(manifestDescriptor.Digest))!))
        {
            if (!keep.Contains(Path.GetFileName(file)))
            {
                File.Delete(file);
            }
        }
    }
}
