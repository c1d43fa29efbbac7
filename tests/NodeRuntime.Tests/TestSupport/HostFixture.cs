using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Kv;

namespace Wharf.NodeRuntime.Tests.TestSupport;

/// <summary>A <see cref="WorkerHost"/> behind a real Kestrel on 127.0.0.1:&lt;random port&gt;.</summary>
internal sealed class HostFixture : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostFixture(WebApplication app, WorkerHost host, InMemoryKvStore kv, CapturingWorkerLog log, HttpClient client)
    {
        _app = app;
        Host = host;
        Kv = kv;
        Log = log;
        Client = client;
    }

    public WorkerHost Host { get; }

    public InMemoryKvStore Kv { get; }

    public CapturingWorkerLog Log { get; }

    public HttpClient Client { get; }

    public static async Task<HostFixture> StartAsync(WorkerHostOptions? options = null, params WorkerDefinition[] workers)
    {
        var kv = new InMemoryKvStore();
        kv.ConfigureNamespace("test/hits", KvNamespaceLimits.Default);
        kv.ConfigureNamespace("test/small", new KvNamespaceLimits(3, 16, 64));
        var log = new CapturingWorkerLog();
        var host = new WorkerHost(options ?? new WorkerHostOptions(), kv, log);
        var failures = host.Load(workers);
        if (failures.Count > 0)
        {
            throw failures[0];
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(host.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return new HostFixture(app, host, kv, log, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Host.Dispose();
    }
}
