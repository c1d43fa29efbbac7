using System.Text.Json;
using Wharf.NodeRuntime.Hosting;

namespace Wharf.Cli.Dev;

/// <summary>
/// A worker project being served: a folder with an optional <c>wharf.json</c>, or a single worker file.
/// <see cref="Read"/> re-reads everything from disk, so each reload sees the current files.
/// </summary>
/// <param name="Directory">The project folder (watched; JavaScript modules are bundled from it).</param>
/// <param name="SingleFile">The worker file when serving one file without a manifest, else null.</param>
/// <param name="DefaultRoutes">Routes used when the manifest has none.</param>
internal sealed record DevProject(string Directory, string? SingleFile, IReadOnlyList<WorkerRoute> DefaultRoutes)
{
    /// <summary>Most modules and bytes bundled for one JavaScript worker (a guard against serving a home folder).</summary>
    private const int MaxModules = 2000;
    private const long MaxBundleBytes = 32L << 20;

    private static readonly string[] JsExtensions = [".js", ".mjs"];

    public string ManifestPath => Path.Join(Directory, DevManifest.FileName);

    /// <summary>The name shown before the manifest could be read.</summary>
    public string DisplayName => SingleFile is null ? Path.GetFileName(Directory) : Path.GetFileNameWithoutExtension(SingleFile);

    /// <summary>Reads the manifest and the code; throws <see cref="DevConfigException"/> naming the file.</summary>
    public (DevManifest Manifest, WorkerDefinition Definition) Read(JsRuntime jsRuntime)
    {
        ArgumentNullException.ThrowIfNull(jsRuntime);
        var manifest = ReadManifest();
        var main = Path.GetFullPath(Path.Join(Directory, manifest.Main));
        var where = SingleFile ?? ManifestPath;
        if (!IsUnder(main, Directory))
        {
            throw new DevConfigException($"{where}: 'main' ({manifest.Main}) must be inside the project folder");
        }

        if (!File.Exists(main))
        {
            var hint = main.EndsWith(".wasm", StringComparison.OrdinalIgnoreCase) ? " (build it first, e.g. with make)" : "";
            throw new DevConfigException($"{where}: main file '{manifest.Main}' does not exist{hint}");
        }

        var extension = Path.GetExtension(main).ToLowerInvariant();
        ReadOnlyMemory<byte> module;
        ReadOnlyMemory<byte>? initData = null;
        var kind = WorkerKind.Auto;
        if (JsExtensions.Contains(extension))
        {
            module = jsRuntime.Load(manifest.Name);
            initData = Bundle(main);
            kind = WorkerKind.Sdk;
        }
        else if (extension == ".wasm")
        {
            module = ReadFile(main, where);
        }
        else
        {
            throw new DevConfigException($"{where}: 'main' ({manifest.Main}) must be a .js, .mjs or .wasm file");
        }

        var definition = new WorkerDefinition
        {
            Name = manifest.Name,
            Module = module,
            Kind = kind,
            InitData = initData,
            Routes = manifest.Routes ?? DefaultRoutes,
            Bindings = new WorkerBindings { Vars = manifest.Vars, Secrets = manifest.Secrets, Kv = manifest.Kv },
            Egress = manifest.Egress,
            Limits = manifest.Limits,
        };
        return (manifest, definition);
    }

    /// <summary>True when a change at <paramref name="path"/> can affect this project.</summary>
    public bool Owns(string path)
    {
        if (!IsUnder(path, Directory))
        {
            return false;
        }

        var relative = Path.GetRelativePath(Directory, path);
        return !relative.Split(Path.DirectorySeparatorChar).Any(IsIgnoredDirectory);
    }

    public static bool IsIgnoredDirectory(string name) => name == "node_modules" || (name.StartsWith('.') && name.Length > 1 && name != "..");

    private DevManifest ReadManifest()
    {
        if (SingleFile is not null)
        {
            return DevManifest.Default(DisplayName, Path.GetFileName(SingleFile));
        }

        if (!File.Exists(ManifestPath))
        {
            var name = DisplayName;
            return File.Exists(Path.Join(Directory, "index.js"))
                ? DevManifest.Default(name, "index.js")
                : throw new DevConfigException($"{Directory}: no {DevManifest.FileName} and no index.js");
        }

        var json = System.Text.Encoding.UTF8.GetString(ReadFile(ManifestPath, ManifestPath));
        return DevManifest.Parse(json, ManifestPath, DisplayName);
    }

    /// <summary>The JSON bundle of every .js/.mjs file under the project folder (see docs/worker-abi.md).</summary>
    private byte[] Bundle(string main)
    {
        var files = EnumerateFiles(Directory).Where(f => JsExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count > MaxModules)
        {
            throw new DevConfigException($"{Directory}: more than {MaxModules} JavaScript files; serve a smaller folder");
        }

        long total = 0;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("main", BundlePath(main));
            json.WriteStartObject("modules");
            foreach (var file in files)
            {
                var source = ReadFile(file, file);
                total += source.Length;
                if (total > MaxBundleBytes)
                {
                    throw new DevConfigException($"{Directory}: JavaScript sources exceed {MaxBundleBytes >> 20} MiB");
                }

                json.WriteString(BundlePath(file), System.Text.Encoding.UTF8.GetString(source));
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private string BundlePath(string file) => Path.GetRelativePath(Directory, file).Replace(Path.DirectorySeparatorChar, '/');

    private static IEnumerable<string> EnumerateFiles(string directory)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(directory))
        {
            yield return file;
        }

        foreach (var sub in System.IO.Directory.EnumerateDirectories(directory))
        {
            if (!IsIgnoredDirectory(Path.GetFileName(sub)))
            {
                foreach (var file in EnumerateFiles(sub))
                {
                    yield return file;
                }
            }
        }
    }

    private static byte[] ReadFile(string path, string where)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DevConfigException($"{where}: cannot read {path}: {e.Message}");
        }
    }

    private static bool IsUnder(string path, string directory)
    {
        var relative = Path.GetRelativePath(directory, path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
