using Wharf.Api.Egress;
using Wharf.Api.Quotas;
using Wharf.Api.Workers;

namespace Wharf.Api.Validation;

/// <summary>
/// Whether workers and a namespace's totals fit a <see cref="WorkerQuotaSpec"/>; what the operator reports in
/// the <c>QuotaAccepted</c> condition. Absent caps are unlimited; absent or empty allowed egress allows none.
/// What applies to a namespace without any WorkerQuota is the operator's policy, not decided here.
/// </summary>
public static class QuotaCheck
{
    /// <summary>Per-worker caps: memory, timeout and egress containment.</summary>
    public static IReadOnlyList<FieldViolation> CheckWorker(WorkerSpec spec, WorkerQuotaSpec quota)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(quota);
        var errors = new List<FieldViolation>();
        if (quota.Workers?.MaxMemory is { } maxMemoryText &&
            WharfValidator.CheckQuantity("quota.spec.workers.maxMemory", maxMemoryText, errors) is { } maxMemory &&
            WharfValidator.CheckQuantity("spec.limits.memory", spec.Limits?.Memory ?? WorkerDefaults.Memory, errors) is { } memory &&
            memory > maxMemory)
        {
            errors.Add(new("spec.limits.memory", $"{memory} exceeds the quota's maxMemory {maxMemory}"));
        }

        if (quota.Workers?.MaxTimeout is { } maxTimeoutText &&
            WharfValidator.CheckDuration("quota.spec.workers.maxTimeout", maxTimeoutText, errors) is { } maxTimeout &&
            WharfValidator.CheckDuration("spec.limits.timeout", spec.Limits?.Timeout ?? WorkerDefaults.Timeout, errors) is { } timeout &&
            timeout > maxTimeout)
        {
            errors.Add(new("spec.limits.timeout", $"{spec.Limits?.Timeout ?? WorkerDefaults.Timeout} exceeds the quota's maxTimeout {maxTimeoutText}"));
        }

        var egress = spec.Egress ?? [];
        var uncovered = EgressPolicy.Uncovered(egress, quota.AllowedEgress);
        foreach (var rule in uncovered)
        {
            errors.Add(new($"spec.egress[{egress.IndexOf(rule)}]",
                $"{rule.Host}{(rule.Port is { } p ? $":{p}" : "")} is not inside the quota's allowedEgress"));
        }

        return errors;
    }

    /// <summary>Namespace totals: worker count, KV namespace count and summed KV size.</summary>
    public static IReadOnlyList<FieldViolation> CheckTotals(int workers, int kvNamespaces, long kvTotalBytes, WorkerQuotaSpec quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var errors = new List<FieldViolation>();
        if (quota.Workers?.MaxCount is { } maxCount && workers > maxCount)
        {
            errors.Add(new("workers", $"{workers} workers exceed the quota's maxCount {maxCount}"));
        }

        if (quota.Kv?.MaxNamespaces is { } maxNamespaces && kvNamespaces > maxNamespaces)
        {
            errors.Add(new("kvNamespaces", $"{kvNamespaces} KV namespaces exceed the quota's maxNamespaces {maxNamespaces}"));
        }

        if (quota.Kv?.MaxTotalSize is { } maxTotalText &&
            WharfValidator.CheckQuantity("quota.spec.kv.maxTotalSize", maxTotalText, errors) is { } maxTotal &&
            kvTotalBytes > maxTotal.Value)
        {
            errors.Add(new("kvTotalBytes", $"{kvTotalBytes} bytes of KV namespaces exceed the quota's maxTotalSize {maxTotal}"));
        }

        return errors;
    }
}
