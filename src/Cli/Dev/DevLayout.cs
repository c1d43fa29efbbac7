using Wharf.NodeRuntime.Hosting;

namespace Wharf.Cli.Dev;

/// <summary>
/// What <c>wharf dev PATH</c> serves: a single worker file, a project folder (with <c>wharf.json</c>), or a
/// folder of projects (every direct subfolder with a <c>wharf.json</c>, routed by default at <c>/&lt;folder&gt;</c>).
/// </summary>
internal sealed class DevLayout
{
    private static readonly string[] WorkerExtensions = [".js", ".mjs", ".wasm"];

    private DevLayout(string root, DevProject? fixedProject)
    {
        Root = root;
        _fixed = fixedProject;
    }

    private readonly DevProject? _fixed;

    /// <summary>The folder to watch.</summary>
    public string Root { get; }

    /// <summary>True when new project folders under <see cref="Root"/> are picked up.</summary>
    public bool IsFolderOfProjects => _fixed is null;

    /// <summary>Classifies <paramref name="path"/>; throws <see cref="DevConfigException"/> when it cannot be served.</summary>
    public static DevLayout Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var directory = Path.GetDirectoryName(full)!;
            if (Path.GetFileName(full) == DevManifest.FileName)
            {
                return new DevLayout(directory, new DevProject(directory, null, RootRoutes));
            }

            if (!WorkerExtensions.Contains(Path.GetExtension(full).ToLowerInvariant()))
            {
                throw new DevConfigException($"{path}: not a worker (expected a .js, .mjs or .wasm file, a project folder or a folder of projects)");
            }

            return new DevLayout(directory, new DevProject(directory, full, RootRoutes));
        }

        if (!Directory.Exists(full))
        {
            throw new DevConfigException($"{path}: no such file or directory");
        }

        if (File.Exists(Path.Join(full, DevManifest.FileName)) || File.Exists(Path.Join(full, "index.js")))
        {
            return new DevLayout(full, new DevProject(full, null, RootRoutes));
        }

        var layout = new DevLayout(full, null);
        if (layout.Discover().Count == 0)
        {
            throw new DevConfigException($"{path}: no {DevManifest.FileName} or index.js in this folder or its subfolders");
        }

        return layout;
    }

    /// <summary>The projects currently on disk, ordered by folder name.</summary>
    public IReadOnlyList<DevProject> Discover()
    {
        if (_fixed is not null)
        {
            return [_fixed];
        }

        if (!Directory.Exists(Root))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(Root)
            .Where(d => !DevProject.IsIgnoredDirectory(Path.GetFileName(d)) && File.Exists(Path.Join(d, DevManifest.FileName)))
            .Order(StringComparer.Ordinal)
            .Select(d => new DevProject(d, null, [new WorkerRoute("*", "/" + Path.GetFileName(d))]))];
    }

    private static IReadOnlyList<WorkerRoute> RootRoutes { get; } = [new WorkerRoute("*", "/")];
}
