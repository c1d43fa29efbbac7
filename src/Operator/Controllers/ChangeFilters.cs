using k8s;
using k8s.Models;
using Wharf.Operator.Runtime;

namespace Wharf.Operator.Controllers;

/// <summary>
/// Which informer updates are worth a reconcile. Status-only updates of Wharf objects (our own status writes)
/// keep the generation and are dropped here, which is half of what keeps the operator out of hot loops; the other
/// half is that reconciles skip writes whose result would equal what is stored.
/// </summary>
internal static class ChangeFilters
{
    /// <summary>A Wharf object's spec (generation), deletion, finalizers, labels or identity changed.</summary>
    public static bool SpecOrLifecycleChanged(IKubernetesObject<V1ObjectMeta> old, IKubernetesObject<V1ObjectMeta> now) =>
        old.Metadata.Generation != now.Metadata.Generation
        || old.Metadata.Uid != now.Metadata.Uid
        || old.Metadata.DeletionTimestamp != now.Metadata.DeletionTimestamp
        || !SameList(old.Metadata.Finalizers, now.Metadata.Finalizers)
        || !SameMap(old.Metadata.Labels, now.Metadata.Labels);

    /// <summary>
    /// A managed object without status changed at all (our own apply, or drift to undo), or is being deleted.
    /// The reconcile that follows our own apply finds nothing to do.
    /// </summary>
    public static bool ManagedObjectChanged(IKubernetesObject<V1ObjectMeta> old, IKubernetesObject<V1ObjectMeta> now) =>
        old.Metadata.ResourceVersion != now.Metadata.ResourceVersion
        || Annotation(old, TenantNames.AppliedHashAnnotation) != Annotation(now, TenantNames.AppliedHashAnnotation)
        || old.Metadata.DeletionTimestamp != now.Metadata.DeletionTimestamp;

    private static bool SpecOrHashChanged(IKubernetesObject<V1ObjectMeta> old, IKubernetesObject<V1ObjectMeta> now) =>
        Annotation(old, TenantNames.AppliedHashAnnotation) != Annotation(now, TenantNames.AppliedHashAnnotation)
        || old.Metadata.DeletionTimestamp != now.Metadata.DeletionTimestamp
        || old.Metadata.Generation != now.Metadata.Generation;

    /// <summary>A DaemonSet changed in a way worker statuses reflect (rollout counters) or drifted from what we applied.</summary>
    public static bool DaemonSetChanged(V1DaemonSet old, V1DaemonSet now)
    {
        var a = old.Status;
        var b = now.Status;
        return SpecOrHashChanged(old, now)
            || a?.DesiredNumberScheduled != b?.DesiredNumberScheduled
            || a?.NumberReady != b?.NumberReady
            || a?.UpdatedNumberScheduled != b?.UpdatedNumberScheduled
            || a?.ObservedGeneration != b?.ObservedGeneration;
    }

    private static string? Annotation(IKubernetesObject<V1ObjectMeta> obj, string key) =>
        obj.Metadata.Annotations is { } a && a.TryGetValue(key, out var v) ? v : null;

    private static bool SameList(IList<string>? a, IList<string>? b) => (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
    }
}
