using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wharf.Kube.Fake;

/// <summary>
/// An in-process Kubernetes API server for tests: Kestrel on 127.0.0.1 with a random port, an untyped JSON store,
/// strict API semantics (resource versions, conflicts, finalizers, garbage collection, watches, server-side apply,
/// CRD schema validation), fault injection and a request log.
/// </summary>
public sealed class FakeKubeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _gcSignal = new(0);
    private Task _gcLoop = Task.CompletedTask;

    private FakeKubeServer(FakeKubeServerOptions options)
    {
        Options = options;
        _registry = new ResourceRegistry(ResourceRegistry.BuiltIns().Concat(LoadCrds(options)).Concat(options.AdditionalResources));
        _store = new ObjectStore(options.WatchHistoryLimit, options.TimeProvider, options.Admission, options.RequireNamespaces);
        _store.ObjectDeleted += () => _gcSignal.Release();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        _app = builder.Build();
        var handler = new RequestHandler(_store, _registry, Faults, Requests, options, new DiscoveryDocuments(_registry), new OpenApiDocuments(_registry));
        _app.Run(handler.HandleAsync);
    }

    /// <summary>The settings the server runs with.</summary>
    public FakeKubeServerOptions Options { get; }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Fault injection: make chosen requests fail.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Every served request with its status code.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>The resource types served.</summary>
    public IReadOnlyCollection<FakeResource> Resources => [.. _registry.All];

    /// <summary>The latest resourceVersion handed out.</summary>
    public long ResourceVersion => _store.Revision;

    /// <summary>Number of open watch connections.</summary>
    public int OpenWatches => _store.WatcherCount;

    /// <summary>Starts a server; dispose it to stop.</summary>
    public static async Task<FakeKubeServer> StartAsync(FakeKubeServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeKubeServerOptions();
        options.Validate();
        var server = new FakeKubeServer(options);
        await server._app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        server._gcLoop = server.RunGarbageCollectorAsync();
        return server;
    }

    /// <summary>An HttpClient with <see cref="BaseAddress"/> set; the caller disposes it.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Ends every open watch: cleanly (the stream ends, as on a server-side timeout) or, with
    /// <paramref name="abort"/>, by resetting the connection. Returns how many were open.
    /// </summary>
    public int DropWatches(bool abort = false) => _store.DropWatches(abort);

    /// <summary>Compacts the watch history: watches and continue tokens from current or older versions get 410 Gone.</summary>
    public void Compact() => _store.Compact();

    /// <summary>A copy of a stored object, or null.</summary>
    /// <param name="apiVersion"><c>group/version</c> or <c>v1</c>.</param>
    /// <param name="plural">Plural resource name.</param>
    /// <param name="ns">Namespace, or null for cluster-scoped objects.</param>
    /// <param name="name">Object name.</param>
    public JsonObject? GetObject(string apiVersion, string plural, string? ns, string name)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var resource = _registry.Find(group, version, plural) ?? throw new ArgumentException($"unknown resource {plural} in {apiVersion}", nameof(plural));
        return _store.TryGet(resource, ns ?? "", name);
    }

    /// <summary>Runs the garbage collector now; returns how many changes it made.</summary>
    public int CollectGarbage() => _store.CollectGarbage();

    /// <summary>Stops the server and closes open watches.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _store.DropWatches(abort: false);
        await _gcLoop.ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _gcSignal.Dispose();
    }

    private async Task RunGarbageCollectorAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await _gcSignal.WaitAsync(Options.GarbageCollectionInterval, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _store.CollectGarbage();
        }
    }

    private static IEnumerable<FakeResource> LoadCrds(FakeKubeServerOptions options)
    {
        if (options.CrdDirectory is not null)
        {
            return [.. CrdLoader.LoadDirectory(options.CrdDirectory)];
        }

        var assembly = typeof(FakeKubeServer).Assembly;
        var result = new List<FakeResource>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("crd/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            foreach (var document in YamlJson.ParseAll(reader.ReadToEnd()).OfType<JsonObject>())
            {
                result.AddRange(CrdLoader.FromCrd(document, name));
            }
        }

        return result;
    }
}
