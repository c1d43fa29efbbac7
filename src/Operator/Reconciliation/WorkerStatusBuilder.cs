using Wharf.Api.Workers;
using Wharf.Operator.Options;

namespace Wharf.Operator.Reconciliation;

/// <summary>Builds a worker's status from the operator's decision and the runtime's rollout.</summary>
internal static class WorkerStatusBuilder
{
    /// <summary>
    /// The full status for <paramref name="worker"/>. Deterministic for equal inputs (transition times are kept
    /// from the previous status while a condition's status is unchanged), so callers can skip no-op writes by
    /// comparing with the current status.
    /// </summary>
    public static WorkerStatus BuildWorkerStatus(Worker worker, WorkerEvaluation evaluation, RuntimeRollout rollout, OperatorOptions options, DateTimeOffset now)
    {
        var generation = worker.Metadata.Generation;
        var previous = worker.Status?.Conditions;
        var ready = Ready(worker, evaluation, rollout);
        return new WorkerStatus
        {
            ObservedGeneration = generation,
            ResolvedDigest = evaluation.Digest,
            Url = evaluation.Admitted ? Url(worker, options) : null,
            NodesDesired = rollout.Exists ? rollout.Desired : null,
            NodesReady = rollout.Exists ? rollout.Ready : null,
            Conditions =
            [
                Conditions.Build(WorkerConditions.Ready, ready, generation, previous, now),
                Conditions.Build(WorkerConditions.QuotaAccepted, evaluation.Quota, generation, previous, now),
                Conditions.Build(WorkerConditions.ModuleResolved, evaluation.Module, generation, previous, now),
                Conditions.Build(WorkerConditions.SignatureVerified, evaluation.Signature, generation, previous, now),
            ],
        };
    }

    /// <summary>Ready is the first failing cause, in the order a user fixes them; else the rollout state.</summary>
    internal static ConditionResult Ready(Worker worker, WorkerEvaluation evaluation, RuntimeRollout rollout)
    {
        var stale = evaluation.Served is { } served && served.Generation != worker.Metadata.Generation
            ? $"; still serving generation {served.Generation} ({served.Digest})"
            : "";
        if (evaluation.Blocking is { } blocking)
        {
            return blocking with { Message = blocking.Message + stale };
        }

        foreach (var check in new[] { evaluation.Quota, evaluation.Signature, evaluation.Module })
        {
            if (!check.IsTrue)
            {
                return ConditionResult.False(check.Reason, check.Message + stale);
            }
        }

        if (!rollout.Exists || rollout.Desired == 0)
        {
            return ConditionResult.False(Reasons.NoNodes,
                $"runtime DaemonSet {worker.Metadata.NamespaceProperty}/{Runtime.TenantNames.Runtime} has no node to run on yet");
        }

        if (rollout.Ready < rollout.Desired || rollout.Updated < rollout.Desired || !rollout.CurrentGeneration)
        {
            return ConditionResult.False(Reasons.RuntimeNotReady,
                $"{rollout.Ready}/{rollout.Desired} runtime pods ready, {rollout.Updated}/{rollout.Desired} updated");
        }

        return ConditionResult.True(Reasons.Serving,
            $"generation {worker.Metadata.Generation} ({evaluation.Digest}) published to {rollout.Ready}/{rollout.Desired} runtime nodes");
    }

    /// <summary>A URL of the first route with a concrete host (wildcard hosts have no single URL).</summary>
    internal static string? Url(Worker worker, OperatorOptions options)
    {
        var route = worker.Spec.Routes.FirstOrDefault(r => !r.Host.StartsWith('*'));
        return route is null ? null : $"{options.UrlScheme}://{route.Host}{route.PathPrefix ?? WorkerDefaults.PathPrefix}";
    }
}
