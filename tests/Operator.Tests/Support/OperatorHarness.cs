using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Api;
using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;
using Wharf.Api.Runtime;
using Wharf.Api.Workers;
using k8s;
using k8s.Models;
using Wharf.Kube.Fake;
using Wharf.Kube.Informers;
using Wharf.Operator.Diagnostics;
using Wharf.Operator.Hosting;
using Wharf.Operator.Options;
using Wharf.Operator.Runtime;

namespace Wharf.Operator.Tests.Support;

/// <summary>
/// The real operator host (<see cref="OperatorApp"/>) against k2's fake API server, plus a separate client for the
/// test to act as a user. One per test class; tests use their own namespaces.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    private readonly List<WebApplication> _operators = [];

    private OperatorHarness(FakeKubeServer server, Kubernetes user)
    {
        Server = server;
        User = user;
    }

    public FakeKubeServer Server { get; }

    /// <summary>A client acting as the user (kubectl).</summary>
    public Kubernetes User { get; }

    public CustomClient<Worker> Workers => new(User, WharfApi.Workers);

    public CustomClient<KvNamespace> KvNamespaces => new(User, WharfApi.KvNamespaces);

    public CustomClient<WorkerQuota> Quotas => new(User, WharfApi.WorkerQuotas);

    /// <summary>Base address of the first operator's probe/metrics endpoint.</summary>
    public Uri OperatorAddress { get; private set; } = null!;

    public static async Task<OperatorHarness> StartAsync(FakeKubeServerOptions? serverOptions = null)
    {
        var server = await FakeKubeServer.StartAsync(serverOptions);
        return new OperatorHarness(server, new Kubernetes(KubeOptions(server)));
    }

    public static KubernetesClientConfiguration KubeOptions(FakeKubeServer server) => new()
    {
        Host = server.BaseAddress.ToString(),
        HttpClientTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Fast watch reconnects, so fault tests converge quickly.</summary>
    public static InformerOptions FastInformers { get; } = new()
    {
        BackoffInitial = TimeSpan.FromMilliseconds(20),
        BackoffMax = TimeSpan.FromMilliseconds(200),
    };

    public static OperatorOptions DefaultOptions(string identity = "operator-0") => new()
    {
        Namespace = "wharf-system",
        Identity = identity,
        NodeRuntimeImage = "ghcr.io/wharf/runtime:test",
        LeaseDuration = TimeSpan.FromSeconds(15), // Long enough that a loaded test machine never loses leadership mid-test.
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromSeconds(1),
        Concurrency = 2,
    };

    /// <summary>Starts an operator process (in-process host) against the fake server.</summary>
    public async Task<WebApplication> StartOperatorAsync(OperatorOptions? options = null, Action<IServiceCollection>? configure = null)
    {
        var app = OperatorApp.Build(options ?? DefaultOptions(), KubeOptions(Server), "http://127.0.0.1:0",
            services =>
            {
                services.AddSingleton(FastInformers);
                configure?.Invoke(services);
            },
            logging: l =>
            {
                l.ClearProviders();
                if (Environment.GetEnvironmentVariable("WHARF_TEST_LOG") == "1")
                {
                    l.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
                }
            });
        await app.StartAsync();
        _operators.Add(app);
        if (_operators.Count == 1)
        {
            OperatorAddress = new Uri(app.Urls.First());
        }

        return app;
    }

    public OperatorMetrics Metrics(WebApplication? app = null) => (app ?? _operators[0]).Services.GetRequiredService<OperatorMetrics>();

    public async Task StopOperatorAsync(WebApplication app)
    {
        _operators.Remove(app);
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _operators.ToArray())
        {
            await StopOperatorAsync(app);
        }

        User.Dispose();
        await Server.DisposeAsync();
    }

    // ---- user actions and observations ----

    public static Worker NewWorker(string ns, string name, string image, string host = "app.example.com") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new WorkerSpec
        {
            Module = new WorkerModule { Image = image, Runtime = WorkerRuntime.Wasm },
            Routes = [new WorkerRoute { Host = host }],
        },
    };

    public static string Digest(char fill) => "sha256:" + new string(fill, 64);

    public Task<Worker> CreateWorkerAsync(Worker worker) => Workers.CreateAsync(worker);

    public Task<Worker?> GetWorkerAsync(string ns, string name) => Workers.TryGetAsync(name, ns);

    /// <summary>Waits until the worker's condition has the given status (and reason, when given) for its current generation.</summary>
    public async Task<Worker> WaitForConditionAsync(string ns, string name, string type, string status, string? reason = null, TimeSpan? timeout = null)
    {
        Worker? last = null;
        return await Eventually.GetAsync(async () =>
        {
            last = await GetWorkerAsync(ns, name);
            var c = last?.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
            return c is not null && c.Status == status && (reason is null || c.Reason == reason) &&
                last!.Status!.ObservedGeneration == last.Metadata.Generation ? last : null;
        }, $"{ns}/{name} {type}={status} {reason}", timeout, () => "last status: " + Describe(last));
    }

    public static string Describe(Worker? worker) => worker?.Status is null ? "(none)"
        : KubernetesJson.Serialize(worker.Status);

    public Task<V1ConfigMap?> GetRuntimeConfigMapAsync(string ns) => KubeCalls.OrNull(User.CoreV1.ReadNamespacedConfigMapAsync(TenantNames.Runtime, ns));

    public async Task<RuntimeConfig?> GetRuntimeConfigAsync(string ns) =>
        await GetRuntimeConfigMapAsync(ns) is { } cm ? RuntimeConfigSerializer.Deserialize(cm.Data![RuntimeConfig.ConfigMapKey]) : null;

    /// <summary>Plays the DaemonSet controller: writes rollout counters into the DaemonSet's status.</summary>
    public async Task SetDaemonSetStatusAsync(string ns, int desired, int ready)
    {
        await Eventually.UntilAsync(async () =>
        {
            var ds = await User.AppsV1.ReadNamespacedDaemonSetAsync(TenantNames.Runtime, ns);
            ds.Status = new V1DaemonSetStatus
            {
                DesiredNumberScheduled = desired,
                CurrentNumberScheduled = desired,
                NumberReady = ready,
                NumberAvailable = ready,
                UpdatedNumberScheduled = desired,
                ObservedGeneration = ds.Metadata.Generation,
            };
            await User.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(ds, TenantNames.Runtime, ns);
            return true;
        }, $"DaemonSet status written in {ns}");
    }
}
