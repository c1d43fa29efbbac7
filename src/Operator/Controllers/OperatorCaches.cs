using Wharf.Api;
using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;
using Wharf.Api.Workers;
using Wharf.Kube;
using Wharf.Kube.Informers;
using Wharf.Kube.Models;
using Wharf.Kube.Resources;
using Wharf.Operator.Runtime;

namespace Wharf.Operator.Controllers;

/// <summary>
/// The informers the operator reads from: the three Wharf kinds in all namespaces, and the runtime objects it
/// manages (selected by the managed-by label, so the cache holds only ours).
/// </summary>
internal sealed class OperatorCaches
{
    public OperatorCaches(KubernetesClient kube)
    {
        var managed = new ListOptions { LabelSelector = TenantNames.ManagedSelector };
        Workers = new Informer<Worker>(kube.Resource(WharfApi.Workers, WharfJsonContext.Default.Worker));
        KvNamespaces = new Informer<KvNamespace>(kube.Resource(WharfApi.KvNamespaces, WharfJsonContext.Default.KvNamespace));
        Quotas = new Informer<WorkerQuota>(kube.Resource(WharfApi.WorkerQuotas, WharfJsonContext.Default.WorkerQuota));
        DaemonSets = new Informer<DaemonSet>(kube.DaemonSets, options: managed);
        ConfigMaps = new Informer<ConfigMap>(kube.ConfigMaps, options: managed);
        Services = new Informer<Service>(kube.Services, options: managed);
    }

    public Informer<Worker> Workers { get; }

    public Informer<KvNamespace> KvNamespaces { get; }

    public Informer<WorkerQuota> Quotas { get; }

    public Informer<DaemonSet> DaemonSets { get; }

    public Informer<ConfigMap> ConfigMaps { get; }

    public Informer<Service> Services { get; }

    /// <summary>Routes every relevant change to <paramref name="enqueue"/> with the tenant namespace as key.</summary>
    public void Subscribe(Action<string> enqueue)
    {
        Workers.AddHandler(Handler<Worker>(enqueue, ChangeFilters.SpecOrLifecycleChanged));
        KvNamespaces.AddHandler(Handler<KvNamespace>(enqueue, ChangeFilters.SpecOrLifecycleChanged));
        Quotas.AddHandler(Handler<WorkerQuota>(enqueue, ChangeFilters.SpecOrLifecycleChanged));
        DaemonSets.AddHandler(Handler<DaemonSet>(enqueue, ChangeFilters.DaemonSetChanged));
        ConfigMaps.AddHandler(Handler<ConfigMap>(enqueue, ChangeFilters.ManagedObjectChanged));
        Services.AddHandler(Handler<Service>(enqueue, ChangeFilters.ManagedObjectChanged));
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
        Workers.List().Select(o => o.Metadata.Namespace)
            .Concat(KvNamespaces.List().Select(o => o.Metadata.Namespace))
            .Concat(Quotas.List().Select(o => o.Metadata.Namespace))
            .Concat(DaemonSets.List().Select(o => o.Metadata.Namespace))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);

    private static InformerHandler<T> Handler<T>(Action<string> enqueue, Func<T, T, bool> changed)
        where T : class, IKubernetesObject => new()
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

    private static void Enqueue(Action<string> enqueue, IKubernetesObject obj)
    {
        if (obj.Metadata.Namespace is { Length: > 0 } ns)
        {
            enqueue(ns);
        }
    }
}
