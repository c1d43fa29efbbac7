using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Prometheus;
using Wharf.Ingress.Diagnostics;
using Wharf.Ingress.Options;
using Wharf.Ingress.Proxy;
using Wharf.Ingress.RateLimiting;
using Wharf.Ingress.Routing;
using Wharf.Ingress.Tls;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Transforms;

namespace Wharf.Ingress.Hosting;

/// <summary>
/// One ingress replica: the proxy (HTTP, HTTPS with SNI) and, on a separate port, <c>/healthz</c>, <c>/readyz</c>
/// and <c>/metrics</c>, so tenant hosts can never shadow them. Feeds publish snapshots through <see cref="State"/>.
/// </summary>
internal sealed class IngressHost : IAsyncDisposable
{
    private readonly WebApplication _proxy;
    private readonly WebApplication _management;

    private IngressHost(WebApplication proxy, WebApplication management)
    {
        _proxy = proxy;
        _management = management;
    }

    public IngressState State => _proxy.Services.GetRequiredService<IngressState>();

    public IServiceProvider Services => _proxy.Services;

    /// <summary>Base URL of the plain HTTP listener, once started.</summary>
    public Uri HttpAddress => Address(_proxy, "http");

    /// <summary>Base URL of the HTTPS listener, once started (only when HTTPS is enabled).</summary>
    public Uri HttpsAddress => Address(_proxy, "https");

    /// <summary>Base URL of the probe and metrics listener, once started.</summary>
    public Uri ManagementAddress => Address(_management, "http");

    /// <summary>
    /// Builds a replica. <paramref name="configure"/> adds services to the proxy (the Kubernetes feed is a hosted
    /// service added this way).
    /// </summary>
    public static IngressHost Build(IngressOptions options, Action<IServiceCollection>? configure = null, Action<ILoggingBuilder>? logging = null, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var metrics = new IngressMetrics();
        var health = new IngressHealth();
        var bind = IPAddress.Parse(options.BindAddress);

        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        // YARP and Kestrel log every request at Information: far too costly (and noisy) at ingress rates.
        builder.Logging.AddFilter("Yarp", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Cleartext is HTTP/1.1: Kestrel cannot tell h2c prior knowledge from HTTP/1.1 on one port. HTTP/2 is negotiated by ALPN on HTTPS.
            kestrel.Listen(bind, options.HttpPort, l => l.Protocols = HttpProtocols.Http1);
            if (options.HttpsPort is { } https)
            {
                kestrel.Listen(bind, https, l =>
                {
                    l.Protocols = HttpProtocols.Http1AndHttp2;
                    var store = l.ApplicationServices.GetRequiredService<CertificateStore>();
                    l.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, name) => store.Select(name) });
                });
            }
        });
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(metrics);
        services.AddSingleton(health);
        services.AddSingleton<IngressConfigProvider>();
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<IngressConfigProvider>());
        services.AddSingleton<TenantRateLimiter>();
        services.AddSingleton<CertificateStore>();
        services.AddSingleton<IngressState>();
        services.AddSingleton<ILoadBalancingPolicy, WorkerHashPolicy>();
        services.AddSingleton<IPassiveHealthCheckPolicy, EjectOnTransportFailurePolicy>();
        services.AddRequestTimeouts();
        services.AddReverseProxy().AddTransforms(context => context.AddOriginalHost(true)); // runtime pods route by Host too
        configure?.Invoke(services);

        var proxy = builder.Build();
        metrics.Attach(proxy.Services.GetRequiredService<IProxyStateLookup>());
        proxy.UseMiddleware<RequestTelemetryMiddleware>();
        proxy.UseRouting();
        proxy.UseRequestTimeouts();
        proxy.MapReverseProxy(pipeline =>
        {
            pipeline.UseMiddleware<ProxyErrorMiddleware>();
            pipeline.UseMiddleware<RateLimitMiddleware>();
            pipeline.UseMiddleware<RetryMiddleware>();
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
            pipeline.UseMiddleware<UpstreamTimerMiddleware>();
        });
        proxy.MapFallback(static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("no worker serves this host and path\n", context.RequestAborted);
        });

        var managementBuilder = WebApplication.CreateSlimBuilder(args ?? []);
        managementBuilder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging?.Invoke(managementBuilder.Logging);
        managementBuilder.WebHost.ConfigureKestrel(k => k.Listen(bind, options.ManagementPort));
        var management = managementBuilder.Build();
        management.MapGet("/healthz", () => Probe(health.Liveness()));
        management.MapGet("/readyz", () => Probe(health.Readiness()));
        management.MapMetrics("/metrics", metrics.Registry);
        return new IngressHost(proxy, management);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _management.StartAsync(cancellationToken).ConfigureAwait(false);
        await _proxy.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _proxy.StopAsync(cancellationToken).ConfigureAwait(false);
        await _management.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires (SIGTERM in a pod), then drains in-flight requests.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync().ConfigureAwait(false);
        await _management.DisposeAsync().ConfigureAwait(false);
    }

    private static IResult Probe((bool Ok, string Text) result) =>
        Results.Text(result.Text, "text/plain", statusCode: result.Ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);

    private static Uri Address(WebApplication app, string scheme)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith(scheme + "://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no {scheme} listener (started?)");
        return new Uri(address);
    }
}
