using k8s;
using k8s.Models;
using Wharf.Api;
using Wharf.Api.Quotas;
using Wharf.Api.Runtime;
using Wharf.Api.Workers;
using Wharf.Kube.Resources;
using Wharf.Operator.Diagnostics;
using Wharf.Operator.Reconciliation;
using Wharf.Operator.Registry;

namespace Wharf.Operator.Controllers;

/// <summary>Worker admission, digest resolution and status.</summary>
internal sealed partial class TenantReconciler
{
    private async Task<WorkerEvaluation> EvaluateWorkerAsync(
        Worker worker, WorkerQuota? quota, int position, IReadOnlyDictionary<string, RuntimeKvNamespace> publishedKv,
        RuntimeConfig? previous, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        var quotaResult = WorkerPolicy.EvaluateQuota(worker, quota, position);
        var signature = WorkerPolicy.EvaluateSignature(quota);
        var blocking = WorkerPolicy.Validate(worker);
        if (blocking is not null)
        {
            var notTried = ConditionResult.Unknown(Reasons.NotAttempted, "the spec is invalid: " + blocking.Message);
            return new WorkerEvaluation(quotaResult, notTried, signature, blocking, null, null);
        }

        if (!quotaResult.IsTrue || !signature.IsTrue)
        {
            var why = quotaResult.IsTrue ? "the module cannot be verified" : "the worker is over quota";
            return new WorkerEvaluation(quotaResult, ConditionResult.Unknown(Reasons.NotAttempted, $"not resolved: {why}"), signature, null, null, null);
        }

        var resolution = await ResolveAsync(worker, cancellationToken).ConfigureAwait(false);
        var module = WorkerPolicy.ModuleCondition(resolution);
        blocking = WorkerPolicy.EvaluateBindings(worker, publishedKv.Keys.ToHashSet(StringComparer.Ordinal));
        RuntimeWorker? served = null;
        if (resolution.Digest is { } digest && blocking is null)
        {
            try
            {
                served = RuntimeConfigBuilder.FromWorker(worker, digest);
            }
            catch (RuntimeConfigException ex)
            {
                blocking = ConditionResult.False(Reasons.InvalidSpec, ex.Message);
            }
        }
        else if (resolution.Digest is null)
        {
            // Keep serving the last good generation while a new one cannot be resolved, as a Deployment keeps its old
            // ReplicaSet while the new one cannot start.
            served = previous?.Workers.FirstOrDefault(w => w.Name == worker.Metadata.Name);
            outcome.Retry($"worker {worker.Metadata.Name}: {resolution.Message}");
        }

        if (blocking?.Reason == Reasons.BindingNotFound)
        {
            outcome.Retry($"worker {worker.Metadata.Name}: {blocking.Message}");
        }

        return new WorkerEvaluation(quotaResult, module, signature, blocking, resolution.Digest, served);
    }

    private async Task<ResolveResult> ResolveAsync(Worker worker, CancellationToken cancellationToken)
    {
        var image = worker.Spec.Module.Image;
        if (!ImageReference.TryParse(image, out var reference, out var error))
        {
            return ResolveResult.Failed(ResolveFailure.InvalidReference, $"spec.module.image: {error}");
        }

        if (reference.Digest is not null)
        {
            return await _resolver.ResolveAsync(reference, null, cancellationToken).ConfigureAwait(false);
        }

        var generation = worker.Metadata.Generation ?? 0;
        var key = (worker.Metadata.Uid ?? "", generation, image);
        if (_digests.TryGetValue(key, out var cached))
        {
            return ResolveResult.Resolved(cached, $"{reference.Repository}:{reference.ManifestReference} resolved to {cached}");
        }

        // A status written for this very generation already holds the digest: don't ask the registry again after a restart.
        var status = worker.Status;
        if (status?.ObservedGeneration == generation && status.ResolvedDigest is { } known &&
            Conditions.Find(status.Conditions, WorkerConditions.ModuleResolved)?.Status == "True")
        {
            _digests[key] = known;
            return ResolveResult.Resolved(known, $"{reference.Repository}:{reference.ManifestReference} resolved to {known}");
        }

        var (credentials, failure) = await CredentialsAsync(worker, reference, cancellationToken).ConfigureAwait(false);
        var result = failure ?? await _resolver.ResolveAsync(reference, credentials, cancellationToken).ConfigureAwait(false);
        _metrics.CountResolve(result.Failure?.ToString() ?? "Resolved");
        if (result.Digest is { } digest)
        {
            _digests[key] = digest;
        }

        return result;
    }

    /// <summary>Credentials from the worker's pull secret, else from the operator-wide registry secret, else none.</summary>
    private async Task<(RegistryCredentials? Credentials, ResolveResult? Failure)> CredentialsAsync(
        Worker worker, ImageReference reference, CancellationToken cancellationToken)
    {
        var (name, ns) = worker.Spec.Module.PullSecret is { } own
            ? (own, worker.Metadata.NamespaceProperty!)
            : (_options.RegistryCredentialsSecret, _options.Namespace);
        if (name is null)
        {
            return (null, null);
        }

        V1Secret? secret;
        try
        {
            secret = await _kube.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            secret = null;
        }

        if (secret is null)
        {
            return (null, ResolveResult.Failed(ResolveFailure.PullSecretNotFound, $"pull secret {ns}/{name} does not exist"));
        }

        if (secret.Data is null || !secret.Data.TryGetValue(DockerConfig.SecretKey, out var json))
        {
            return (null, ResolveResult.Failed(ResolveFailure.PullSecretInvalid, $"pull secret {ns}/{name} has no {DockerConfig.SecretKey} key"));
        }

        try
        {
            return (DockerConfig.Find(json, reference.Registry), null);
        }
        catch (FormatException ex)
        {
            return (null, ResolveResult.Failed(ResolveFailure.PullSecretInvalid, $"pull secret {ns}/{name}: {ex.Message}"));
        }
    }

    private async Task WriteWorkerStatusAsync(
        Worker worker, WorkerEvaluation evaluation, RuntimeRollout rollout, DateTimeOffset now, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        var status = WorkerStatusBuilder.BuildWorkerStatus(worker, evaluation, rollout, _options, now);
        if (SameJson(status, worker.Status))
        {
            return; // Unchanged: writing would only produce an event that wakes us again.
        }

        var updated = new Worker { Metadata = worker.Metadata, Spec = worker.Spec, Status = status };
        await ReplaceStatusAsync(WharfApi.Workers, updated, outcome, cancellationToken).ConfigureAwait(false);

        var before = Conditions.Find(worker.Status?.Conditions, WorkerConditions.Ready);
        var after = Conditions.Find(status.Conditions, WorkerConditions.Ready)!;
        if (before?.Status != after.Status || before?.Reason != after.Reason)
        {
            Log.WorkerTransition(_logger, worker.Metadata.NamespaceProperty!, worker.Metadata.Name!, WorkerConditions.Ready, after.Status, after.Reason ?? "");
            var normal = after.Status == "True" || after.Reason is Reasons.NoNodes or Reasons.RuntimeNotReady;
            await RecordEventAsync(worker, normal ? "Normal" : "Warning", after.Reason ?? "Unknown", after.Message ?? "", outcome, cancellationToken)
                .ConfigureAwait(false);
        }

        if (status.ResolvedDigest is { } digest && digest != worker.Status?.ResolvedDigest && !worker.Spec.Module.Image.Contains('@', StringComparison.Ordinal))
        {
            await RecordEventAsync(worker, "Normal", "ModuleResolved", $"{worker.Spec.Module.Image} resolved to {digest}", outcome, cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
