using Wharf.Api.Quotas;
using Wharf.Api.Validation;
using Wharf.Api.Workers;
using Wharf.Operator.Registry;

namespace Wharf.Operator.Reconciliation;

/// <summary>
/// Pure admission checks of a worker against its namespace's <see cref="WorkerQuota"/>. A namespace without a quota
/// has no caps (operator policy: quotas are opt-in per tenant, like Kubernetes ResourceQuota).
/// </summary>
internal static class WorkerPolicy
{
    /// <summary>The CRD's cross-field rules (defence in depth for servers that skip CEL); null when valid.</summary>
    public static ConditionResult? Validate(Worker worker)
    {
        var errors = WharfValidator.Validate(worker);
        if (errors.Count == 0 && !ImageReference.TryParse(worker.Spec.Module.Image, out _, out var imageError))
        {
            return ConditionResult.False("InvalidReference", $"spec.module.image: {imageError}");
        }

        return errors.Count == 0 ? null : ConditionResult.False(Reasons.InvalidSpec, string.Join("; ", errors));
    }

    /// <summary>
    /// Count, memory, timeout and egress caps. <paramref name="position"/> is the worker's 1-based rank among the
    /// namespace's live workers by creation time: the oldest <c>maxCount</c> are admitted, so adding a worker never
    /// evicts one that is already serving. Accepting messages avoid numbers that depend on other workers, so that
    /// adding a worker does not rewrite every sibling's status.
    /// </summary>
    public static ConditionResult EvaluateQuota(Worker worker, WorkerQuota? quota, int position)
    {
        if (quota is null)
        {
            return ConditionResult.True(Reasons.NoQuota, $"namespace {worker.Metadata.NamespaceProperty} has no WorkerQuota; no caps apply");
        }

        var name = quota.Metadata.Name;
        var problems = new List<string>();
        var onlyEgress = true;
        if (quota.Spec.Workers?.MaxCount is { } maxCount && position > maxCount)
        {
            problems.Add($"this is worker number {position} by creation time in namespace {worker.Metadata.NamespaceProperty}, but WorkerQuota {name} allows maxCount {maxCount}");
            onlyEgress = false;
        }

        foreach (var violation in QuotaCheck.CheckWorker(worker.Spec, quota.Spec))
        {
            problems.Add($"{violation.Field}: {violation.Message}");
            onlyEgress &= violation.Field.StartsWith("spec.egress", StringComparison.Ordinal);
        }

        if (problems.Count == 0)
        {
            return ConditionResult.True(Reasons.WithinQuota, $"fits WorkerQuota {name}");
        }

        return ConditionResult.False(onlyEgress ? Reasons.EgressNotAllowed : Reasons.QuotaExceeded,
            $"over WorkerQuota {name}: " + string.Join("; ", problems));
    }

    /// <summary>
    /// Signature policy. Verification (cosign) is not implemented yet, so a quota that requires signatures makes
    /// every module fail honestly instead of being waved through.
    /// </summary>
    public static ConditionResult EvaluateSignature(WorkerQuota? quota)
    {
        if (quota?.Spec.Signatures?.Required != true)
        {
            return ConditionResult.True(Reasons.NotRequired, quota is null
                ? "no WorkerQuota requires signed modules"
                : $"WorkerQuota {quota.Metadata.Name} does not require signed modules");
        }

        return ConditionResult.False(Reasons.VerificationNotImplemented,
            $"WorkerQuota {quota.Metadata.Name} requires signed modules, but this operator cannot verify signatures yet; " +
            "the module is treated as unsigned and is not served");
    }

    /// <summary>KV bindings must name a published KvNamespace of the same namespace; null when they all do.</summary>
    public static ConditionResult? EvaluateBindings(Worker worker, IReadOnlySet<string> publishedKv)
    {
        var missing = (worker.Spec.Bindings?.Kv ?? [])
            .Where(b => !publishedKv.Contains(b.Namespace))
            .Select(b => $"KV binding {b.Name} refers to KvNamespace {b.Namespace}, which does not exist or is not ready")
            .ToList();
        return missing.Count == 0 ? null : ConditionResult.False(Reasons.BindingNotFound, string.Join("; ", missing));
    }

    /// <summary>The ModuleResolved outcome of a registry lookup.</summary>
    public static ConditionResult ModuleCondition(ResolveResult result) => result.Digest is not null
        ? ConditionResult.True(result.Message.StartsWith("pinned", StringComparison.Ordinal) ? Reasons.Pinned : Reasons.Resolved, result.Message)
        : ConditionResult.False(result.Failure!.Value.ToString(), result.Message);
}
