using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.NodeRuntime.Kv;
using Wharf.Wasm;

namespace Wharf.NodeRuntime.Hosting;

/// <summary>
/// Serves Wharf workers: loads (compiles and pre-initializes) worker definitions, routes requests by host and
/// path prefix, and answers each on a fresh instance under the worker's limits. Thread-safe; reloading swaps
/// the served set atomically. Use <see cref="HandleAsync"/> as the terminal ASP.NET Core request delegate.
/// </summary>
public sealed class WorkerHost : IDisposable
{
    private readonly WorkerHostOptions _options;
    private readonly IKvStore _kv;
    private readonly IWorkerLog _workerLog;
    private readonly ILogger _logger;
    private readonly WasmEngine _engine;
    private readonly bool _ownsEngine;
    private readonly Lock _loadLock = new();
    private volatile Served _served = new([], new RouteTable<LoadedWorker>([]));

    /// <summary>Creates a host with no workers.</summary>
    /// <param name="options">Host-wide settings (validated here).</param>
    /// <param name="kvStore">The store behind KV bindings.</param>
    /// <param name="workerLog">Receives worker console output.</param>
    /// <param name="logger">Request and error log; none when null.</param>
    /// <param name="engine">An engine to share with other hosts (compiled modules are cached per engine,
    /// so a reloading dev server recompiles only wasm that changed); null creates one from the options.</param>
    public WorkerHost(WorkerHostOptions options, IKvStore kvStore, IWorkerLog workerLog, ILogger? logger = null, WasmEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kvStore);
        ArgumentNullException.ThrowIfNull(workerLog);
        options.Validate();
        _options = options;
        _kv = kvStore;
        _workerLog = workerLog;
        _logger = logger ?? NullLogger.Instance;
        _ownsEngine = engine is null;
        _engine = engine ?? new WasmEngine(new EngineOptions { MaxCallDepth = options.MaxCallDepth });
    }

    /// <summary>Names of the workers being served.</summary>
    public IReadOnlyList<string> Workers => [.. _served.Workers.Select(w => w.Name)];

    /// <summary>
    /// Loads <paramref name="workers"/> and then serves exactly the ones that loaded, replacing the previous set.
    /// Returns one <see cref="WorkerLoadException"/> (naming the worker and the cause) per worker that failed.
    /// </summary>
    public IReadOnlyList<WorkerLoadException> Load(IEnumerable<WorkerDefinition> workers)
    {
        ArgumentNullException.ThrowIfNull(workers);
        lock (_loadLock)
        {
            var loaded = new List<LoadedWorker>();
            var failures = new List<WorkerLoadException>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var definition in workers)
            {
                if (!names.Add(definition.Name))
                {
                    failures.Add(new WorkerLoadException(definition.Name, "is defined twice"));
                    continue;
                }

                var start = Stopwatch.GetTimestamp();
                try
                {
                    var worker = LoadedWorker.Load(definition, _engine, _options, _kv, _workerLog, _logger);
                    loaded.Add(worker);
                    HostLog.WorkerLoaded(_logger, worker.Name, worker.Kind, Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                        string.Join(", ", definition.Routes.Select(r => r.Host + r.PathPrefix)));
                }
                catch (WorkerLoadException e)
                {
                    failures.Add(e);
                }
            }

            RouteTable<LoadedWorker> routes;
            try
            {
                routes = new RouteTable<LoadedWorker>(loaded.SelectMany(w => w.Definition.Routes.Select(r => (r, w))));
            }
            catch (ArgumentException e)
            {
                loaded.ForEach(w => w.Dispose());
                return [.. failures, new WorkerLoadException("*", e.Message, e)];
            }

            var previous = _served;
            _served = new Served(loaded, routes);
            // In-flight requests keep their worker; its permits and fetch client are released once idle enough.
            foreach (var old in previous.Workers)
            {
                _ = Task.Delay(TimeSpan.FromMinutes(1)).ContinueWith(_ => old.Dispose(), TaskScheduler.Default);
            }

            return failures;
        }
    }

    /// <summary>Answers <paramref name="context"/> with the worker routed for its host and path (404 when none).</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var start = Stopwatch.GetTimestamp();
        var http = context.Request;
        var host = http.Host.Host;
        var path = http.Path.HasValue ? http.Path.Value! : "/";
        var worker = _served.Routes.Match(host, path);
        WorkerResponse response;
        if (worker is null)
        {
            response = WorkerResponse.Text(404, $"not found: no worker is routed for {host}{path}");
        }
        else
        {
            var body = await HttpBridge.ReadBodyAsync(context, worker.Definition.Limits.MaxRequestBodyBytes).ConfigureAwait(false);
            if (body is null)
            {
                HostLog.WorkerRejected(_logger, worker.Name, $"request body exceeds the limit of {worker.Definition.Limits.MaxRequestBodyBytes} bytes");
                response = WorkerResponse.Text(413, $"payload too large: worker '{worker.Name}' accepts at most {worker.Definition.Limits.MaxRequestBodyBytes} bytes");
            }
            else
            {
                var incoming = HttpBridge.ToIncoming(context, body.Value, worker.Definition.Routes, path);
                response = await worker.InvokeAsync(incoming, context.RequestAborted).ConfigureAwait(false);
            }
        }

        await HttpBridge.WriteAsync(context, response).ConfigureAwait(false);
        HostLog.Request(_logger, http.Method, path, response.Status, Stopwatch.GetElapsedTime(start).TotalMilliseconds, worker?.Name ?? "-");
    }

    /// <summary>Releases every loaded worker.</summary>
    public void Dispose()
    {
        foreach (var worker in _served.Workers)
        {
            worker.Dispose();
        }

        if (_ownsEngine)
        {
            _engine.Dispose();
        }
    }

    private sealed record Served(IReadOnlyList<LoadedWorker> Workers, RouteTable<LoadedWorker> Routes);
}
