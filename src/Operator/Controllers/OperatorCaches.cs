using Wharf.Api;
using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;
using Wharf.Api.Workers;
using k8s;
using k8s.Models;
using Wharf.Kube.Informers;
using Wharf.Operator.Runtime;

namespace Wharf.Operator.Controllers;

/// <summary>
/// The informers the operator reads from: the three Wharf kinds in all namespaces, and the runtime objects it
/// manages (selected by the managed-by label, so the cache holds only ours).
/// </summary>
internal sealed class OperatorCaches
{
    public OperatorCaches(IKubernetes kube, InformerOptions informerOptions, ILoggerFactory loggerFactory)
    {
        var managed = informerOptions with { LabelSelector = TenantNames.ManagedSelector };
        Workers = new Informer<Worker>(ListWatches.Custom<Worker>(kube, WharfApi.Workers), informerOptions, loggerFactory);
        KvNamespaces = new Informer<KvNamespace>(ListWatches.Custom<KvNamespace>(kube, WharfApi.KvNamespaces), informerOptions, loggerFactory);
        Quotas = new Informer<WorkerQuota>(ListWatches.Custom<WorkerQuota>(kube, WharfApi.WorkerQuotas), informerOptions, loggerFactory);
        DaemonSets = new Informer<V1DaemonSet>(ListWatches.DaemonSets(kube), managed, loggerFactory);
        ConfigMaps = new Informer<V1ConfigMap>(ListWatches.ConfigMaps(kube), managed, loggerFactory);
        Services = new Informer<V1Service>(ListWatches.Services(kube), managed, loggerFactory);
    }

    public Informer<Worker> Workers { get; }

    public Informer<KvNamespace> KvNamespaces { get; }

    public Informer<WorkerQuota> Quotas { get; }

    public Informer<V1DaemonSet> DaemonSets { get; }

    public Informer<V1ConfigMap> ConfigMaps { get; }

    public Informer<V1Service> Services { get; }

    /// <summary>Routes every relevant change to <paramref name="enqueue"/> with the tenant namespace as key.</summary>
    public void Subscribe(Action<string> enqueue)
    {
        Workers.AddHandler(Handler<Worker>(enqueue, ChangeFilters.SpecOrLifecycleChanged));
        KvNamespaces.AddHandler(Handler<KvNamespace>(enqueue, ChangeFilters.SpecOrLifecycleChanged));
        Quotas.AddHandler(Handler<WorkerQuota>(enqueue, ChangeFilters.SpecOrLifecycleChanged));
        DaemonSets.AddHandler(Handler<V1DaemonSet>(enqueue, ChangeFilters.DaemonSetChanged));
        ConfigMaps.AddHandler(Handler<V1ConfigMap>(enqueue, ChangeFilters.ManagedObjectChanged));
        Services.AddHandler(Handler<V1Service>(enqueue, ChangeFilters.ManagedObjectChanged));
    }

    /// <summary>Runs every informer until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Workers.RunAsync(cancellationToken), KvNamespaces.RunAsync(cancellationToken), Quotas.RunAsync(cancellationToken),
        DaemonSets.RunAsync(cancellationToken), ConfigMaps.RunAsync(cancellationToken), Services.RunAsync(cancellationToken));

    /// <summary>Completes when every informer has listed once.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Workers.WaitForSyncAsync(cancellationToken), KvNamespaces.WaitForSyncAsync(cancellationToken), Quotas.WaitForSyncAsync(cancellationToken),
        DaemonSets.WaitForSyncAsync(cancellationToken), ConfigMaps.WaitForSyncAsync(cancellationToken), Services.WaitForSyncAsync(cancellationToken));

    /// <summary>Tenants with any Wharf object or managed runtime object in the cache.</summary>
    public IEnumerable<string> KnownTenants() =>
        Workers.List().Select(o => o.Metadata.NamespaceProperty)
            .Concat(KvNamespaces.List().Select(o => o.Metadata.NamespaceProperty))
            .Concat(Quotas.List().Select(o => o.Metadata.NamespaceProperty))
            .Concat(DaemonSets.List().Select(o => o.Metadata.NamespaceProperty))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);

    private static InformerHandler<T> Handler<T>(Action<string> enqueue, Func<T, T, bool> changed)
        where T : class, IKubernetesObject<V1ObjectMeta> => new()
    {
        OnAdd = o => Enqueue(enqueue, o),
        OnUpdate = (old, now) =>
        {
            if (changed(old, now))
            {
                Enqueue(enqueue, now);
            }
        },
        OnDelete = o => Enqueue(enqueue, o),
    };

    private static void Enqueue(Action<string> enqueue, IKubernetesObject<V1ObjectMeta> obj)
    {
        if (obj.Metadata.NamespaceProperty is { Length: > 0 } ns)
        {
            enqueue(ns);
        }
    }
}
