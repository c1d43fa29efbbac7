using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wharf.NodeRuntime.Tests.TestSupport;

/// <summary>A local HTTP server on 127.0.0.1 that outbound-fetch tests call.</summary>
internal sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Upstream(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public int Port => Address.Port;

    public static async Task<Upstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/hello", (HttpContext c) =>
        {
            c.Response.Headers["x-upstream"] = "yes";
            return "hi " + c.Request.Headers["x-from"];
        });
        app.MapPost("/echo", async (HttpContext c) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            return await reader.ReadToEndAsync();
        });
        app.MapGet("/big", () => Results.Bytes(new byte[2 << 20], "application/octet-stream"));
        app.MapGet("/redirect-same", () => Results.Redirect("/hello"));
        app.MapGet("/redirect-v6", (HttpContext c) => Results.Redirect($"http://[::1]:{c.Connection.LocalPort}/hello"));
        app.MapGet("/redirect-away", (HttpContext c) => Results.Redirect($"http://localhost:{c.Connection.LocalPort}/hello"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Upstream(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
