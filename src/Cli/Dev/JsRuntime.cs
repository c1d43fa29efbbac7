namespace Wharf.Cli.Dev;

/// <summary>
/// Locates <c>wharf-js.wasm</c> (QuickJS + the Workers API glue) that runs every JavaScript worker: the
/// <c>--js-runtime</c> option, else <c>WHARF_JS_RUNTIME</c>, else <c>runtimes/quickjs/build/wharf-js.wasm</c>
/// in a parent of the current folder or of the CLI's own folder. Read lazily, and re-read when the file changes.
/// </summary>
internal sealed class JsRuntime(string? explicitPath)
{
    public const string EnvironmentVariable = "WHARF_JS_RUNTIME";
    private static readonly string RelativePath = Path.Join("runtimes", "quickjs", "build", "wharf-js.wasm");
    private readonly Lock _lock = new();
    private (string Path, DateTime Stamp, byte[] Bytes)? _cached;

    /// <summary>The module bytes; throws <see cref="DevConfigException"/> naming <paramref name="worker"/> when missing.</summary>
    public byte[] Load(string worker)
    {
        var path = Find() ?? throw new DevConfigException(
            $"worker '{worker}' is JavaScript but wharf-js.wasm was not found: build it with 'make -C runtimes/quickjs/worker' "
            + $"or pass --js-runtime PATH (or set {EnvironmentVariable})");
        lock (_lock)
        {
            try
            {
                var stamp = File.GetLastWriteTimeUtc(path);
                if (_cached is not { } c || c.Path != path || c.Stamp != stamp)
                {
                    _cached = (path, stamp, File.ReadAllBytes(path));
                }

                return _cached.Value.Bytes;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DevConfigException($"worker '{worker}': cannot read the JavaScript runtime {path}: {e.Message}");
            }
        }
    }

    /// <summary>The path that would be used, or null.</summary>
    public string? Find()
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return File.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        }

        return FindUp(Environment.CurrentDirectory) ?? FindUp(AppContext.BaseDirectory);
    }

    private static string? FindUp(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Join(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
