using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wharf.Kube.Tests.Support;

/// <summary>
/// A tiny HTTPS endpoint on 127.0.0.1 serving the test PKI's server certificate. Every GET answers with a Namespace
/// whose annotations echo what the client sent (Authorization, client certificate subject, User-Agent).
/// </summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Completing this lets a watch stream send its second event.</summary>
    public TaskCompletionSource SecondEvent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>HTTP protocol of the last watch request.</summary>
    public string? WatchProtocol { get; private set; }

    public static async Task<TlsTestServer> StartAsync(TestCertificates certs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certs.Server;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;

            // The test only echoes the presented subject; trust decisions are the client's side under test.
            https.ClientCertificateValidation = (_, _, _) => true;
        })));
        var app = builder.Build();
        TlsTestServer? self = null;
        app.Run(async http =>
        {
            if (http.Request.Query["watch"] == "true")
            {
                // Stream events: the second only after the test saw the first, proving nothing is buffered.
                self!.WatchProtocol = http.Request.Protocol;
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("""{"type":"ADDED","object":{"metadata":{"name":"first","resourceVersion":"2"}}}""" + "\n");
                await http.Response.Body.FlushAsync();
                await self.SecondEvent.Task.WaitAsync(http.RequestAborted);
                await http.Response.WriteAsync("""{"type":"ADDED","object":{"metadata":{"name":"second","resourceVersion":"3"}}}""" + "\n");
                await http.Response.Body.FlushAsync();
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
                return;
            }

            var client = await http.Connection.GetClientCertificateAsync();
            var body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject
                {
                    ["name"] = http.Request.Path.Value!.Split('/').Last(),
                    ["annotations"] = new JsonObject
                    {
                        ["auth"] = http.Request.Headers.Authorization.ToString(),
                        ["client"] = client?.Subject ?? "",
                        ["ua"] = http.Request.Headers.UserAgent.ToString(),
                        ["protocol"] = http.Request.Protocol,
                    },
                },
            };
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body.ToJsonString());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new TlsTestServer(app, new Uri(address));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
