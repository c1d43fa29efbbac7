using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Kube.Config;

namespace Wharf.Kube.Tests.Support;

/// <summary>A plain-HTTP Kestrel endpoint on 127.0.0.1 with a test-supplied handler, for misbehaving-server cases.</summary>
internal sealed class TestEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private TestEndpoint(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<TestEndpoint> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new TestEndpoint(app);
        app.Run(http =>
        {
            Interlocked.Increment(ref endpoint._requests);
            return handler(http);
        });
        await app.StartAsync();
        endpoint.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return endpoint;
    }

    public KubernetesClient Client(TimeSpan? requestTimeout = null) => new(new KubernetesClientOptions
    {
        Server = Address,
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
        WatchBackoffInitial = TimeSpan.FromMilliseconds(100),
        WatchBackoffMax = TimeSpan.FromMilliseconds(400),
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
