using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Kv;

namespace Wharf.Cli.Dev;

/// <summary>Loading, reloading and watching projects.</summary>
internal sealed partial class DevServer
{
    /// <summary>How long a replaced host stays alive for requests still running on it (the longest timeout is far shorter).</summary>
    private static readonly TimeSpan RetireDelay = TimeSpan.FromSeconds(30);

    private readonly Lock _reloadLock = new();
    private readonly ConcurrentQueue<string> _changes = new();
    private readonly SemaphoreSlim _changed = new(0, 1);
    private long _lastChange;
    private volatile ImmutableDictionary<string, ServedProject> _projects = ImmutableDictionary.Create<string, ServedProject>(StringComparer.Ordinal);
    private volatile DevRouter<ServedProject> _router = DevRouter<ServedProject>.Empty;

    /// <summary>A project and the host serving its current version (null until it first loads).</summary>
    private sealed record ServedProject(DevProject Project, string Name, WorkerHost? Host, IReadOnlyList<WorkerRoute> Routes);

    private static string Key(DevProject project) => project.SingleFile ?? project.Directory;

    /// <summary>(Re)loads <paramref name="projects"/>, compiling and pre-initializing them in parallel; a project that
    /// fails keeps its previous version and the error is printed. Call under <see cref="_reloadLock"/>.</summary>
    private void LoadProjects(IReadOnlyList<DevProject> projects)
    {
        var prepared = projects.Select(p => Task.Run(() => Prepare(p))).ToArray();
        for (var i = 0; i < projects.Count; i++)
        {
            Commit(projects[i], prepared[i].GetAwaiter().GetResult());
        }
    }

    /// <summary>Reads and loads a project on a fresh host without touching the served set (thread-safe).</summary>
    private Prepared Prepare(DevProject project)
    {
        var start = Stopwatch.GetTimestamp();
        WorkerDefinition definition;
        try
        {
            (_, definition) = project.Read(_js);
        }
        catch (DevConfigException e)
        {
            return new Prepared(null, null, [e.Message], start);
        }

        foreach (var ns in definition.Bindings.Kv.Values)
        {
            _kv.ConfigureNamespace(ns, KvNamespaceLimits.Default);
        }

        var host = new WorkerHost(new WorkerHostOptions { DevMode = true }, _kv, _console, new DevHostLogger(_console), _engine);
        var failures = host.Load([definition]);
        if (failures.Count > 0)
        {
            host.Dispose();
            return new Prepared(definition, null, [.. failures.Select(f => f.Message)], start);
        }

        return new Prepared(definition, host, [], start);
    }

    /// <summary>Serves a prepared project if it loaded and its name and routes are free; else reports why and keeps
    /// the previous version. Call under <see cref="_reloadLock"/>.</summary>
    private void Commit(DevProject project, Prepared prepared)
    {
        _projects.TryGetValue(Key(project), out var previous);
        var keeping = previous?.Host is not null ? $" (still serving the previous version of '{previous.Name}')" : "";
        var errors = prepared.Errors;
        var definition = prepared.Definition;
        DevRouter<ServedProject>? router = null;
        ImmutableDictionary<string, ServedProject>? next = null;
        if (errors.Count == 0 && definition is not null && prepared.Host is not null)
        {
            var clash = _projects.Values.FirstOrDefault(p => p.Name == definition.Name && Key(p.Project) != Key(project));
            try
            {
                if (clash is not null)
                {
                    throw new DevConfigException($"{project.Directory}: worker name '{definition.Name}' is already used by {clash.Project.Directory}");
                }

                next = _projects.SetItem(Key(project), new ServedProject(project, definition.Name, prepared.Host, definition.Routes));
                router = BuildRouter(next);
            }
            catch (DevConfigException e)
            {
                errors = [clash is null ? $"worker '{definition.Name}': {e.Message}" : e.Message];
            }
        }

        if (router is null || next is null)
        {
            prepared.Host?.Dispose();
            foreach (var error in errors)
            {
                _console.Error(error + keeping);
            }

            _projects = _projects.SetItem(Key(project), previous ?? new ServedProject(project, definition?.Name ?? project.DisplayName, null, []));
            return;
        }

        _projects = next;
        _router = router;
        Retire(previous?.Host);
        var kind = definition!.InitData is null ? "wasm" : "javascript";
        var verb = previous?.Host is null ? "loaded" : "reloaded";
        _console.Info($"{verb} {definition.Name} ({kind}) in {Stopwatch.GetElapsedTime(prepared.Start).TotalMilliseconds:F0} ms");
    }

    /// <summary>The outcome of <see cref="Prepare"/>: a loaded host, or the errors.</summary>
    private sealed record Prepared(WorkerDefinition? Definition, WorkerHost? Host, IReadOnlyList<string> Errors, long Start);

    private void UnloadProject(ServedProject project)
    {
        _projects = _projects.Remove(Key(project.Project));
        _router = BuildRouter(_projects);
        Retire(project.Host);
        _console.Info($"removed {project.Name} ({project.Project.Directory} has no {DevManifest.FileName} any more)");
    }

    private static DevRouter<ServedProject> BuildRouter(ImmutableDictionary<string, ServedProject> projects) =>
        new(projects.Values.Where(p => p.Host is not null).OrderBy(p => p.Name, StringComparer.Ordinal)
            .SelectMany(p => p.Routes.Select(r => (r, p, p.Name))));

    private void Retire(WorkerHost? host)
    {
        if (host is not null)
        {
            _ = Task.Delay(RetireDelay, CancellationToken.None).ContinueWith(_ => host.Dispose(), TaskScheduler.Default);
        }
    }

    /// <summary>Watches the served folder; after <see cref="DevServerOptions.Debounce"/> of quiet, reloads the
    /// projects that own a changed path (and, for a folder of projects, picks up added or removed ones).</summary>
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var watcher = new FileSystemWatcher(_layout.Root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += (_, e) => OnChange(e.FullPath);
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Deleted += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            OnChange(e.OldFullPath);
            OnChange(e.FullPath);
        };
        watcher.Error += (_, e) =>
        {
            _console.Error($"file watcher: {e.GetException().Message}; reloading everything");
            OnChange(_layout.Root);
        };
        watcher.EnableRaisingEvents = true;

        while (!cancellationToken.IsCancellationRequested)
        {
            await _changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            long seen;
            do
            {
                seen = Interlocked.Read(ref _lastChange);
                await Task.Delay(_options.Debounce, cancellationToken).ConfigureAwait(false);
            }
            while (Interlocked.Read(ref _lastChange) != seen);

            var paths = new HashSet<string>(StringComparer.Ordinal);
            while (_changes.TryDequeue(out var path))
            {
                paths.Add(path);
            }

            try
            {
                lock (_reloadLock)
                {
                    ApplyChanges(paths);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _console.Error($"reload: {e.Message}");
            }
        }
    }

    private void OnChange(string path)
    {
        _changes.Enqueue(path);
        Interlocked.Exchange(ref _lastChange, Stopwatch.GetTimestamp());
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another event already signalled this batch.
            }
        }
    }

    private void ApplyChanges(HashSet<string> paths)
    {
        var everything = paths.Contains(_layout.Root);
        var onDisk = _layout.Discover();
        var current = onDisk.Select(Key).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _projects.Values.Where(p => !current.Contains(Key(p.Project))).ToList())
        {
            UnloadProject(gone);
        }

        LoadProjects([.. onDisk.Where(p => everything || !_projects.ContainsKey(Key(p)) || paths.Any(p.Owns))]);
    }
}
