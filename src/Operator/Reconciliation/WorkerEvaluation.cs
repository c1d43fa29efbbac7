using Wharf.Api.Runtime;
using k8s.Models;

namespace Wharf.Operator.Reconciliation;

/// <summary>
/// What the operator decided about one worker in this reconcile: the three admission conditions, an optional
/// blocking problem (invalid spec, missing binding), the digest for this generation, and the runtime entry
/// actually served (possibly an older generation kept while a new one cannot be resolved).
/// </summary>
internal sealed record WorkerEvaluation(
    ConditionResult Quota,
    ConditionResult Module,
    ConditionResult Signature,
    ConditionResult? Blocking,
    string? Digest,
    RuntimeWorker? Served)
{
    /// <summary>Whether the current generation is admitted and resolved, i.e. served as specified.</summary>
    public bool Admitted => Blocking is null && Quota.IsTrue && Module.IsTrue && Signature.IsTrue;
}

/// <summary>The rollout state of a tenant's runtime DaemonSet.</summary>
internal sealed record RuntimeRollout(bool Exists, int Desired, int Ready, int Updated, bool CurrentGeneration)
{
    public static RuntimeRollout None { get; } = new(false, 0, 0, 0, false);

    public static RuntimeRollout From(V1DaemonSet? daemonSet)
    {
        if (daemonSet is null)
        {
            return None;
        }

        var s = daemonSet.Status;
        var current = s?.ObservedGeneration is { } observed && observed >= (daemonSet.Metadata.Generation ?? 0);
        return new RuntimeRollout(true, s?.DesiredNumberScheduled ?? 0, s?.NumberReady ?? 0, s?.UpdatedNumberScheduled ?? s?.NumberReady ?? 0, current);
    }
}
