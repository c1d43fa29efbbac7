using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Wharf.Api;
using Wharf.Kube.Resources;
using Wharf.Operator.Diagnostics;
using Wharf.Operator.Kv;
using Wharf.Operator.Options;
using Wharf.Operator.Reconciliation;
using Wharf.Operator.Registry;
using Wharf.Operator.Runtime;

namespace Wharf.Operator.Controllers;

/// <summary>
/// Reconciles one tenant namespace: its WorkerQuota, KvNamespaces and Workers, and the runtime objects they
/// share (ConfigMap, DaemonSet, Service, RBAC). The namespace is the unit of work because those children and the
/// count quota are shared by all workers of a tenant; serializing per namespace avoids write races on them
/// (the approach of Kubernetes' ResourceQuota controller). Level-triggered: everything is recomputed from the
/// informer caches, so any step may fail or the process may restart and the next run converges.
/// </summary>
internal sealed partial class TenantReconciler
{
    private readonly IKubernetes _kube;
    private readonly OperatorCaches _caches;
    private readonly IDigestResolver _resolver;
    private readonly IKvDataDeleter _kvDeleter;
    private readonly OperatorOptions _options;
    private readonly OperatorMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Successful lookups by (uid, generation, image): a spec is resolved once, not on every reconcile.</summary>
    private readonly ConcurrentDictionary<(string Uid, long Generation, string Image), string> _digests = new();

    /// <summary>Generation or resourceVersion of each runtime object as we last applied it (drift detection).</summary>
    private readonly ConcurrentDictionary<string, string> _applied = new(StringComparer.Ordinal);

    /// <summary>Hash of the RBAC objects last applied per tenant; empty when they were deleted.</summary>
    private readonly ConcurrentDictionary<string, string> _rbac = new(StringComparer.Ordinal);

    public TenantReconciler(
        IKubernetes kube, OperatorCaches caches, IDigestResolver resolver, IKvDataDeleter kvDeleter,
        OperatorOptions options, OperatorMetrics metrics, TimeProvider time, ILogger<TenantReconciler> logger)
    {
        _kube = kube;
        _caches = caches;
        _resolver = resolver;
        _kvDeleter = kvDeleter;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>One pass over <paramref name="tenant"/>. Throws on API failures (the caller requeues with backoff).</summary>
    public async Task<ReconcileOutcome> ReconcileAsync(string tenant, CancellationToken cancellationToken)
    {
        var outcome = new ReconcileOutcome();
        var now = _time.GetUtcNow();
        var quotas = _caches.Quotas.List(tenant).OrderBy(q => q.Metadata.Name, StringComparer.Ordinal).ToList();
        var quota = quotas.FirstOrDefault(q => q.Metadata.DeletionTimestamp is null);

        // Finalizers first, so that a delete arriving during this pass still waits for our cleanup.
        var workers = await ForEachAsync(_caches.Workers.List(tenant),
            (w, ct) => EnsureFinalizerAsync(WharfApi.Workers, w, outcome, ct), cancellationToken).ConfigureAwait(false);
        var kvs = await ForEachAsync(_caches.KvNamespaces.List(tenant),
            (k, ct) => EnsureFinalizerAsync(WharfApi.KvNamespaces, k, outcome, ct), cancellationToken).ConfigureAwait(false);

        var liveWorkers = Live(workers);
        var liveKvs = Live(kvs);

        var kvDecisions = EvaluateKvNamespaces(liveKvs, quota);
        var published = kvDecisions.Where(d => d.Value.Entry is not null).ToDictionary(d => d.Key, d => d.Value.Entry!, StringComparer.Ordinal);
        var previous = RuntimeConfigMapBuilder.Read(_caches.ConfigMaps.Get(TenantNames.Runtime, tenant));
        var ranked = await ForEachAsync(liveWorkers.Select((w, i) => (Worker: w, Position: i + 1)).ToList(),
            async (x, ct) => (x.Worker.Metadata.Name!, await EvaluateWorkerAsync(x.Worker, quota, x.Position, published, previous, outcome, ct).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        var evaluations = ranked.ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

        var daemonSet = _caches.DaemonSets.Get(TenantNames.Runtime, tenant);
        if (liveWorkers.Count > 0)
        {
            var served = evaluations.Values.Select(e => e.Served).OfType<Api.Runtime.RuntimeWorker>().ToList();
            daemonSet = await ApplyRuntimeAsync(tenant, liveWorkers, served, published.Values, quota, outcome, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DeleteRuntimeAsync(tenant, outcome, cancellationToken).ConfigureAwait(false);
        }

        var rollout = RuntimeRollout.From(liveWorkers.Count > 0 ? daemonSet : null);
        await ForEachAsync(liveWorkers, async (worker, ct) =>
        {
            await WriteWorkerStatusAsync(worker, evaluations[worker.Metadata.Name!], rollout, now, outcome, ct).ConfigureAwait(false);
            return worker;
        }, cancellationToken).ConfigureAwait(false);

        foreach (var kv in liveKvs)
        {
            await WriteKvStatusAsync(kv, kvDecisions[kv.Metadata.Name!].Ready, now, outcome, cancellationToken).ConfigureAwait(false);
        }

        await WriteQuotaStatusesAsync(quotas, quota, liveWorkers.Count, liveKvs, now, outcome, cancellationToken).ConfigureAwait(false);

        // The runtime no longer serves deleted workers (applied above), so their finalizers can go.
        foreach (var worker in workers.Where(w => w.Metadata.DeletionTimestamp is not null))
        {
            await RemoveFinalizerAsync(WharfApi.Workers, worker, outcome, cancellationToken).ConfigureAwait(false);
        }

        foreach (var kv in kvs.Where(k => k.Metadata.DeletionTimestamp is not null))
        {
            await FinalizeKvNamespaceAsync(kv, now, outcome, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// Runs <paramref name="action"/> for every item with bounded parallelism and returns the results in input order.
    /// Items of one tenant are independent objects, so their writes need not queue behind each other.
    /// </summary>
    private static async Task<List<TResult>> ForEachAsync<T, TResult>(
        IReadOnlyList<T> items, Func<T, CancellationToken, Task<TResult>> action, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await action(items[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return [.. results];
    }

    private static List<T> Live<T>(IEnumerable<T> objects)
        where T : IKubernetesObject<V1ObjectMeta> =>
        [.. objects.Where(o => o.Metadata.DeletionTimestamp is null)
            .OrderBy(o => o.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(o => o.Metadata.Name, StringComparer.Ordinal)];

    private async Task<T> EnsureFinalizerAsync<T>(ResourceDescriptor resource, T obj, ReconcileOutcome outcome, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var finalizers = obj.Metadata.Finalizers ?? [];
        if (obj.Metadata.DeletionTimestamp is not null || finalizers.Contains(TenantNames.Finalizer))
        {
            return obj;
        }

        var patched = await MergePatchAsync(resource, obj, FinalizerPatch(obj, [.. finalizers, TenantNames.Finalizer]), cancellationToken).ConfigureAwait(false);
        Wrote(outcome, resource.Plural, "patch");
        return patched;
    }

    private async Task RemoveFinalizerAsync<T>(ResourceDescriptor resource, T obj, ReconcileOutcome outcome, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var finalizers = obj.Metadata.Finalizers ?? [];
        if (!finalizers.Contains(TenantNames.Finalizer))
        {
            return;
        }

        try
        {
            await MergePatchAsync(resource, obj, FinalizerPatch(obj, [.. finalizers.Where(f => f != TenantNames.Finalizer)]), cancellationToken).ConfigureAwait(false);
            Wrote(outcome, resource.Plural, "patch");
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            // Already gone.
        }
    }

    /// <summary>A merge patch of the finalizer list guarded by resourceVersion, so a concurrent change gives 409 instead of a lost update.</summary>
    private static JsonObject FinalizerPatch(IKubernetesObject<V1ObjectMeta> obj, IEnumerable<string> finalizers) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]),
            ["resourceVersion"] = obj.Metadata.ResourceVersion,
        },
    };

    /// <summary>A JSON merge patch of a Wharf object (RFC 7386) through the package's custom-object call.</summary>
    private Task<T> MergePatchAsync<T>(ResourceDescriptor resource, T obj, JsonObject patch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        _kube.CustomObjects.PatchNamespacedCustomObjectAsync<T>(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), resource.Group, resource.Version, obj.Metadata.NamespaceProperty,
            resource.Plural, obj.Metadata.Name, cancellationToken: cancellationToken);

    /// <summary>PUT …/status with the object's resourceVersion: a concurrent change gives 409 and a retry from fresh caches.</summary>
    private async Task ReplaceStatusAsync<T>(ResourceDescriptor resource, T obj, ReconcileOutcome outcome, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        await _kube.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<T>(
            obj, resource.Group, resource.Version, obj.Metadata.NamespaceProperty, resource.Plural, obj.Metadata.Name,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        Wrote(outcome, resource.Plural, "update");
    }

    private void Wrote(ReconcileOutcome outcome, string resource, string verb)
    {
        outcome.CountWrite();
        _metrics.CountWrite(resource, verb);
    }

    private async Task RecordEventAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string note, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        // Events are best effort: a failure to record one must not fail (and so repeat) the reconcile.
        try
        {
            await _kube.EventsV1.CreateNamespacedEventAsync(
                EventBuilder.BuildEvent(regarding, type, reason, "Reconcile", note, _options.Identity, _time.GetUtcNow()),
                regarding.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            Wrote(outcome, "events", "create");
        }
        catch (Exception ex) when (ex.IsApiOrTransport())
        {
            Log.EventFailed(_logger, regarding.Metadata.NamespaceProperty ?? "", regarding.Metadata.Name, ex.Message);
        }
    }

    /// <summary>Equal as the API server would store them (the package's serializer, which the writes use).</summary>
    private static bool SameJson<T>(T? a, T? b)
        where T : class =>
        a is not null && b is not null && KubernetesJson.Serialize(a) == KubernetesJson.Serialize(b);
}

/// <summary>What a reconcile did and whether it must run again. Thread-safe: a tenant's objects are written in parallel.</summary>
internal sealed class ReconcileOutcome
{
    private int _writes;
    private string? _retryCause;

    /// <summary>Writes sent to the API server.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Why the tenant must be retried with backoff (a transient or waiting condition), or null.</summary>
    public string? RetryCause => Volatile.Read(ref _retryCause);

    public void CountWrite() => Interlocked.Increment(ref _writes);

    /// <summary>Records the first reason to retry.</summary>
    public void Retry(string cause) => Interlocked.CompareExchange(ref _retryCause, cause, null);
}
