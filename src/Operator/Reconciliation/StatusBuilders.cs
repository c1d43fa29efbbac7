using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;

namespace Wharf.Operator.Reconciliation;

/// <summary>Status builders of KvNamespace and WorkerQuota.</summary>
internal static class StatusBuilders
{
    /// <summary>KvNamespace status with its Ready condition; usage is the runtime's to report and is kept as is.</summary>
    public static KvNamespaceStatus BuildKvNamespaceStatus(KvNamespace kv, ConditionResult ready, DateTimeOffset now) => new()
    {
        ObservedGeneration = kv.Metadata.Generation,
        Usage = kv.Status?.Usage,
        Conditions = [Conditions.Build("Ready", ready, kv.Metadata.Generation, kv.Status?.Conditions, now)],
    };

    /// <summary>WorkerQuota status: current usage and whether the quota is in force.</summary>
    public static WorkerQuotaStatus BuildQuotaStatus(WorkerQuota quota, QuotaUsage usage, ConditionResult ready, DateTimeOffset now) => new()
    {
        ObservedGeneration = quota.Metadata.Generation,
        Usage = usage,
        Conditions = [Conditions.Build("Ready", ready, quota.Metadata.Generation, quota.Status?.Conditions, now)],
    };
}
