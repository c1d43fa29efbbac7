using Microsoft.Extensions.DependencyInjection.Extensions;
using k8s;
using Wharf.Kube.Informers;
using Wharf.Operator.Controllers;
using Wharf.Operator.Diagnostics;
using Wharf.Operator.Kv;
using Wharf.Operator.Options;
using Wharf.Operator.Registry;

namespace Wharf.Operator.Hosting;

/// <summary>Composes the operator process: services, the background controller, and the probe/metrics endpoints.</summary>
public static class OperatorApp
{
    /// <summary>
    /// Builds the operator. <paramref name="listen"/> is the URL of the probe and metrics endpoint
    /// (<c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>); <paramref name="configure"/> may replace services
    /// (tests substitute the KV data deleter, the digest resolver or the <see cref="InformerOptions"/>).
    /// <paramref name="kubernetes"/> is the package's connection settings (kubeconfig, in-cluster or explicit).
    /// </summary>
    public static WebApplication Build(
        OperatorOptions options, KubernetesClientConfiguration kubernetes, string listen,
        Action<IServiceCollection>? configure = null, Action<ILoggingBuilder>? logging = null, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(listen);
        logging?.Invoke(builder.Logging);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IKubernetes>(_ => new Kubernetes(kubernetes));
        services.AddSingleton(new InformerOptions());
        services.AddSingleton<OperatorMetrics>();
        services.AddSingleton<OperatorHealth>();
        services.AddSingleton<OperatorCaches>();
        services.TryAddSingleton<IKvDataDeleter, UnavailableKvDataDeleter>();
        services.AddSingleton<RegistryClient>();
        services.TryAddSingleton<IDigestResolver>(sp => sp.GetRequiredService<RegistryClient>());
        services.AddSingleton<TenantReconciler>();
        services.AddSingleton<TenantController>();
        services.AddHostedService<OperatorService>();
        configure?.Invoke(services);

        var app = builder.Build();
        app.MapGet("/healthz", (OperatorHealth health) => Probe(health.Liveness()));
        app.MapGet("/readyz", (OperatorHealth health) => Probe(health.Readiness()));
        app.MapGet("/metrics", (OperatorMetrics metrics) => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }

    private static IResult Probe((bool Ok, string Text) result) =>
        Results.Text(result.Text, "text/plain", statusCode: result.Ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
