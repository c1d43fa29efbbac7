using k8s;
using k8s.Models;
using Wharf.Api.Quotas;
using Wharf.Api.Runtime;
using Wharf.Api.Workers;
using Wharf.Kube.Informers;
using Wharf.Kube.Resources;
using Wharf.Operator.Diagnostics;
using Wharf.Operator.Runtime;

namespace Wharf.Operator.Controllers;

/// <summary>The tenant's runtime objects: applied while it has workers, deleted with the last one.</summary>
internal sealed partial class TenantReconciler
{
    private const string Background = "Background";

    /// <returns>The DaemonSet as applied (or as cached when unchanged), for this pass's rollout view.</returns>
    private async Task<V1DaemonSet?> ApplyRuntimeAsync(
        string tenant, IReadOnlyList<Worker> liveWorkers, IReadOnlyList<RuntimeWorker> served, IEnumerable<RuntimeKvNamespace> kvNamespaces,
        WorkerQuota? quota, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        var owners = TenantNames.Owners(liveWorkers);

        // RBAC first: the runtime pods must be able to read their ConfigMap the moment they start.
        var secretNames = served.SelectMany(w => w.Bindings.Secrets.Select(s => s.SecretName));
        var account = RuntimeRbacBuilder.BuildRuntimeServiceAccount(tenant, owners);
        var role = RuntimeRbacBuilder.BuildRuntimeRole(tenant, secretNames, owners);
        var binding = RuntimeRbacBuilder.BuildRuntimeRoleBinding(tenant, owners);
        var rbacHash = TenantNames.Hash(string.Join('\n', KubernetesJson.Serialize(account), KubernetesJson.Serialize(role), KubernetesJson.Serialize(binding)));
        if (!_rbac.TryGetValue(tenant, out var appliedRbac) || appliedRbac != rbacHash)
        {
            await _kube.CoreV1.PatchNamespacedServiceAccountAsync(Apply(account), TenantNames.Runtime, tenant, fieldManager: TenantNames.FieldManager, force: true,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            Wrote(outcome, V1ServiceAccount.KubePluralName, "apply");
            await _kube.RbacAuthorizationV1.PatchNamespacedRoleAsync(Apply(role), TenantNames.Runtime, tenant, fieldManager: TenantNames.FieldManager, force: true,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            Wrote(outcome, V1Role.KubePluralName, "apply");
            await _kube.RbacAuthorizationV1.PatchNamespacedRoleBindingAsync(Apply(binding), TenantNames.Runtime, tenant, fieldManager: TenantNames.FieldManager,
                force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            Wrote(outcome, V1RoleBinding.KubePluralName, "apply");
            _rbac[tenant] = rbacHash;
        }

        var configMap = RuntimeConfigMapBuilder.BuildRuntimeConfigMap(tenant, served, kvNamespaces, owners);
        await ApplyIfChangedAsync(V1ConfigMap.KubePluralName, _caches.ConfigMaps, configMap,
            (o, ct) => _kube.CoreV1.PatchNamespacedConfigMapAsync(Apply(o), o.Metadata.Name, tenant, fieldManager: TenantNames.FieldManager, force: true, cancellationToken: ct),
            outcome, cancellationToken).ConfigureAwait(false);

        var service = RuntimeServiceBuilder.BuildRuntimeService(tenant, _options, owners);
        await ApplyIfChangedAsync(V1Service.KubePluralName, _caches.Services, service,
            (o, ct) => _kube.CoreV1.PatchNamespacedServiceAsync(Apply(o), o.Metadata.Name, tenant, fieldManager: TenantNames.FieldManager, force: true, cancellationToken: ct),
            outcome, cancellationToken).ConfigureAwait(false);

        var configHash = configMap.Metadata.Annotations![TenantNames.ConfigHashAnnotation];
        var daemonSet = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet(tenant, quota, _options, owners, configHash);
        return await ApplyIfChangedAsync(V1DaemonSet.KubePluralName, _caches.DaemonSets, daemonSet,
            (o, ct) => _kube.AppsV1.PatchNamespacedDaemonSetAsync(Apply(o), o.Metadata.Name, tenant, fieldManager: TenantNames.FieldManager, force: true, cancellationToken: ct),
            outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A server-side apply body: the whole desired object (apiVersion and kind included).</summary>
    private static V1Patch Apply(IKubernetesObject<V1ObjectMeta> desired) => new(desired, V1Patch.PatchType.ApplyPatch);

    /// <summary>
    /// Server-side applies <paramref name="desired"/> (field manager <see cref="TenantNames.FieldManager"/>, forced: the
    /// operator owns these objects) unless the cached object already carries the same desired-state hash and nobody
    /// changed it since our last apply. "Changed" is judged by <c>metadata.generation</c> for objects that track it
    /// (a DaemonSet's status updates must not count) and by resourceVersion otherwise; after a restart, when no
    /// apply is remembered, the hash alone decides, so a restart writes nothing.
    /// </summary>
    private async Task<T?> ApplyIfChangedAsync<T>(
        string resource, Informer<T> cache, T desired, Func<T, CancellationToken, Task<T>> apply, ReconcileOutcome outcome, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var hash = TenantNames.Hash(KubernetesJson.Serialize(desired));
        desired.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        desired.Metadata.Annotations[TenantNames.AppliedHashAnnotation] = hash;
        var key = $"{resource}/{desired.Metadata.NamespaceProperty}/{desired.Metadata.Name}";
        var current = cache.Get(desired.Metadata.Name, desired.Metadata.NamespaceProperty);
        if (current is not null && current.Metadata.DeletionTimestamp is null &&
            current.Metadata.Annotations?.TryGetValue(TenantNames.AppliedHashAnnotation, out var existing) == true && existing == hash &&
            (!_applied.TryGetValue(key, out var marker) || marker == Marker(current)))
        {
            return current;
        }

        var applied = await apply(desired, cancellationToken).ConfigureAwait(false);
        _applied[key] = Marker(applied);
        Wrote(outcome, resource, "apply");
        return applied;
    }

    private static string Marker(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata.Generation is { } generation ? $"g{generation}" : $"rv{obj.Metadata.ResourceVersion}";

    private async Task DeleteRuntimeAsync(string tenant, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        var removed = false;
        removed |= _caches.DaemonSets.Get(TenantNames.Runtime, tenant) is { Metadata.DeletionTimestamp: null } && await DeleteAsync(V1DaemonSet.KubePluralName,
            ct => _kube.AppsV1.DeleteNamespacedDaemonSetAsync(TenantNames.Runtime, tenant, propagationPolicy: Background, cancellationToken: ct),
            outcome, cancellationToken).ConfigureAwait(false);
        removed |= _caches.Services.Get(TenantNames.Runtime, tenant) is { Metadata.DeletionTimestamp: null } && await DeleteAsync(V1Service.KubePluralName,
            ct => _kube.CoreV1.DeleteNamespacedServiceAsync(TenantNames.Runtime, tenant, propagationPolicy: Background, cancellationToken: ct),
            outcome, cancellationToken).ConfigureAwait(false);
        removed |= _caches.ConfigMaps.Get(TenantNames.Runtime, tenant) is { Metadata.DeletionTimestamp: null } && await DeleteAsync(V1ConfigMap.KubePluralName,
            ct => _kube.CoreV1.DeleteNamespacedConfigMapAsync(TenantNames.Runtime, tenant, propagationPolicy: Background, cancellationToken: ct),
            outcome, cancellationToken).ConfigureAwait(false);

        // RBAC is not cached: delete it unless we know it is gone (after a restart we don't, so we try once).
        if (!_rbac.TryGetValue(tenant, out var applied) || applied.Length > 0)
        {
            removed |= await DeleteAsync(V1RoleBinding.KubePluralName,
                ct => _kube.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(TenantNames.Runtime, tenant, propagationPolicy: Background, cancellationToken: ct),
                outcome, cancellationToken).ConfigureAwait(false);
            removed |= await DeleteAsync(V1Role.KubePluralName,
                ct => _kube.RbacAuthorizationV1.DeleteNamespacedRoleAsync(TenantNames.Runtime, tenant, propagationPolicy: Background, cancellationToken: ct),
                outcome, cancellationToken).ConfigureAwait(false);
            removed |= await DeleteAsync(V1ServiceAccount.KubePluralName,
                ct => _kube.CoreV1.DeleteNamespacedServiceAccountAsync(TenantNames.Runtime, tenant, propagationPolicy: Background, cancellationToken: ct),
                outcome, cancellationToken).ConfigureAwait(false);
            _rbac[tenant] = "";
        }

        if (removed)
        {
            Log.RuntimeRemoved(_logger, tenant);
        }
    }

    /// <returns>False when the object was already gone.</returns>
    private async Task<bool> DeleteAsync(string resource, Func<CancellationToken, Task> delete, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await delete(cancellationToken).ConfigureAwait(false);
            Wrote(outcome, resource, "delete");
            return true;
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return false;
        }
    }
}
