using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Ingress.Routing;

namespace Wharf.Ingress.Tests.Support;

/// <summary>
/// A stand-in runtime pod: real Kestrel on 127.0.0.1 serving <c>/readyz</c> and answering every other path with
/// <c>name|host|path|method|bodyLength</c> plus the forwarded headers it received; <c>?delayMs=N</c> delays the answer.
/// </summary>
internal sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private bool _stopped;

    private Backend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public int Port { get; private set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>What <c>/readyz</c> answers.</summary>
    public HttpStatusCode Readiness { get; set; } = HttpStatusCode.OK;

    public RuntimeEndpoint Endpoint => new("127.0.0.1", Port);

    public static async Task<Backend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var backend = new Backend(name, app);
        app.MapGet("/readyz", () => Results.StatusCode((int)backend.Readiness));
        app.Map("/{**path}", async (HttpContext context) =>
        {
            Interlocked.Increment(ref backend._requests);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            if (int.TryParse(context.Request.Query["delayMs"], out var delay))
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            var h = context.Request.Headers;
            return Results.Text(
                $"{name}|{context.Request.Host}|{context.Request.Path}|{context.Request.Method}|{body.Length}\n" +
                $"xff={h["X-Forwarded-For"]}\nxfproto={h["X-Forwarded-Proto"]}\nxfhost={h["X-Forwarded-Host"]}\nrid={h["X-Request-Id"]}\n");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        backend.Port = new Uri(address).Port;
        return backend;
    }

    /// <summary>Stops listening and closes its connections, as a killed pod would.</summary>
    public async Task KillAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _app.StopAsync(cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await _app.DisposeAsync();
    }
}
