using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wharf.Api.Quotas;
using Wharf.Api.Runtime;
using Wharf.Api.Workers;
using Wharf.Kube.Informers;
using Wharf.Kube.Models;
using Wharf.Kube.Resources;
using Wharf.Operator.Diagnostics;
using Wharf.Operator.Runtime;

namespace Wharf.Operator.Controllers;

/// <summary>The tenant's runtime objects: applied while it has workers, deleted with the last one.</summary>
internal sealed partial class TenantReconciler
{
    /// <returns>The DaemonSet as applied (or as cached when unchanged), for this pass's rollout view.</returns>
    private async Task<DaemonSet?> ApplyRuntimeAsync(
        string tenant, IReadOnlyList<Worker> liveWorkers, IReadOnlyList<RuntimeWorker> served, IEnumerable<RuntimeKvNamespace> kvNamespaces,
        WorkerQuota? quota, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        var owners = TenantNames.Owners(liveWorkers);

        // RBAC first: the runtime pods must be able to read their ConfigMap the moment they start.
        var secretNames = served.SelectMany(w => w.Bindings.Secrets.Select(s => s.SecretName));
        var rbac = new[]
        {
            RuntimeRbacBuilder.BuildRuntimeServiceAccount(tenant, owners),
            RuntimeRbacBuilder.BuildRuntimeRole(tenant, secretNames, owners),
            RuntimeRbacBuilder.BuildRuntimeRoleBinding(tenant, owners),
        };
        var rbacHash = TenantNames.Hash(string.Join('\n', rbac.Select(o => JsonSerializer.Serialize(o, KubeJsonContext.Default.UnstructuredObject))));
        if (!_rbac.TryGetValue(tenant, out var appliedRbac) || appliedRbac != rbacHash)
        {
            var clients = new[] { RuntimeRbacBuilder.ServiceAccounts, RuntimeRbacBuilder.Roles, RuntimeRbacBuilder.RoleBindings };
            for (var i = 0; i < rbac.Length; i++)
            {
                await _kube.Unstructured(clients[i]).ApplyAsync(rbac[i], TenantNames.FieldManager, force: true, cancellationToken).ConfigureAwait(false);
                Wrote(outcome, clients[i].Plural, "apply");
            }

            _rbac[tenant] = rbacHash;
        }

        var configMap = RuntimeConfigMapBuilder.BuildRuntimeConfigMap(tenant, served, kvNamespaces, owners);
        await ApplyIfChangedAsync(_kube.ConfigMaps, _caches.ConfigMaps, configMap, KubeJsonContext.Default.ConfigMap, outcome, cancellationToken).ConfigureAwait(false);

        var service = RuntimeServiceBuilder.BuildRuntimeService(tenant, _options, owners);
        await ApplyIfChangedAsync(_kube.Services, _caches.Services, service, KubeJsonContext.Default.Service, outcome, cancellationToken).ConfigureAwait(false);

        var configHash = configMap.Metadata.Annotations![TenantNames.ConfigHashAnnotation];
        var daemonSet = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet(tenant, quota, _options, owners, configHash);
        return await ApplyIfChangedAsync(_kube.DaemonSets, _caches.DaemonSets, daemonSet, KubeJsonContext.Default.DaemonSet, outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Server-side applies <paramref name="desired"/> (field manager <see cref="TenantNames.FieldManager"/>, forced: the
    /// operator owns these objects) unless the cached object already carries the same desired-state hash and nobody
    /// changed it since our last apply. "Changed" is judged by <c>metadata.generation</c> for objects that track it
    /// (a DaemonSet's status updates must not count) and by resourceVersion otherwise; after a restart, when no
    /// apply is remembered, the hash alone decides, so a restart writes nothing.
    /// </summary>
    private async Task<T?> ApplyIfChangedAsync<T>(
        ResourceClient<T> client, Informer<T> cache, T desired, JsonTypeInfo<T> typeInfo, ReconcileOutcome outcome, CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        var hash = TenantNames.Hash(JsonSerializer.Serialize(desired, typeInfo));
        desired.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        desired.Metadata.Annotations[TenantNames.AppliedHashAnnotation] = hash;
        var key = $"{client.Descriptor.Plural}/{desired.Metadata.Namespace}/{desired.Metadata.Name}";
        var current = cache.Get(desired.Metadata.Name!, desired.Metadata.Namespace);
        if (current is not null && current.Metadata.DeletionTimestamp is null &&
            current.Metadata.Annotations?.TryGetValue(TenantNames.AppliedHashAnnotation, out var existing) == true && existing == hash &&
            (!_applied.TryGetValue(key, out var marker) || marker == Marker(current)))
        {
            return current;
        }

        var applied = await client.ApplyAsync(desired, TenantNames.FieldManager, force: true, cancellationToken).ConfigureAwait(false);
        _applied[key] = Marker(applied);
        Wrote(outcome, client.Descriptor.Plural, "apply");
        return applied;
    }

    private static string Marker(IKubernetesObject obj) =>
        obj.Metadata.Generation is { } generation ? $"g{generation}" : $"rv{obj.Metadata.ResourceVersion}";

    private async Task DeleteRuntimeAsync(string tenant, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        var removed = false;
        removed |= await DeleteIfCachedAsync(_kube.DaemonSets, _caches.DaemonSets, tenant, outcome, cancellationToken).ConfigureAwait(false);
        removed |= await DeleteIfCachedAsync(_kube.Services, _caches.Services, tenant, outcome, cancellationToken).ConfigureAwait(false);
        removed |= await DeleteIfCachedAsync(_kube.ConfigMaps, _caches.ConfigMaps, tenant, outcome, cancellationToken).ConfigureAwait(false);

        // RBAC is not cached: delete it unless we know it is gone (after a restart we don't, so we try once).
        if (!_rbac.TryGetValue(tenant, out var applied) || applied.Length > 0)
        {
            foreach (var descriptor in new[] { RuntimeRbacBuilder.RoleBindings, RuntimeRbacBuilder.Roles, RuntimeRbacBuilder.ServiceAccounts })
            {
                removed |= await DeleteAsync(_kube.Unstructured(descriptor), tenant, outcome, cancellationToken).ConfigureAwait(false);
            }

            _rbac[tenant] = "";
        }

        if (removed)
        {
            Log.RuntimeRemoved(_logger, tenant);
        }
    }

    private async Task<bool> DeleteIfCachedAsync<T>(ResourceClient<T> client, Informer<T> cache, string tenant, ReconcileOutcome outcome, CancellationToken cancellationToken)
        where T : class, IKubernetesObject =>
        cache.Get(TenantNames.Runtime, tenant) is { Metadata.DeletionTimestamp: null }
        && await DeleteAsync(client, tenant, outcome, cancellationToken).ConfigureAwait(false);

    private async Task<bool> DeleteAsync<T>(ResourceClient<T> client, string tenant, ReconcileOutcome outcome, CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        try
        {
            await client.DeleteAsync(TenantNames.Runtime, tenant, new DeleteOptions { PropagationPolicy = PropagationPolicy.Background }, cancellationToken)
                .ConfigureAwait(false);
            Wrote(outcome, client.Descriptor.Plural, "delete");
            return true;
        }
        catch (KubernetesNotFoundException)
        {
            return false;
        }
    }
}
