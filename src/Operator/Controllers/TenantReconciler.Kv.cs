using Wharf.Api;
using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;
using Wharf.Api.Runtime;
using Wharf.Api.Validation;
using Wharf.Operator.Diagnostics;
using Wharf.Operator.Reconciliation;

namespace Wharf.Operator.Controllers;

/// <summary>KvNamespace publication and deletion policy; WorkerQuota usage.</summary>
internal sealed partial class TenantReconciler
{
    /// <summary>
    /// Validates each live KvNamespace and applies the quota's KV caps in creation order (oldest first, so a new
    /// namespace never evicts an existing one). Accepted ones get a runtime entry.
    /// </summary>
    internal static Dictionary<string, (ConditionResult Ready, RuntimeKvNamespace? Entry)> EvaluateKvNamespaces(IReadOnlyList<KvNamespace> liveKvs, WorkerQuota? quota)
    {
        var result = new Dictionary<string, (ConditionResult, RuntimeKvNamespace?)>(StringComparer.Ordinal);
        long total = 0;
        var accepted = 0;
        long? maxTotal = quota?.Spec.Kv?.MaxTotalSize is { } text && Quantity.TryParse(text, out var q, out _) ? q.ToBytes() : null;
        foreach (var kv in liveKvs)
        {
            var errors = WharfValidator.Validate(kv);
            RuntimeKvNamespace? entry = null;
            if (errors.Count == 0)
            {
                try
                {
                    entry = RuntimeConfigBuilder.FromKvNamespace(kv);
                }
                catch (RuntimeConfigException ex)
                {
                    errors = [new FieldViolation(ex.Field, ex.Message)];
                }
            }

            if (entry is null)
            {
                result[kv.Metadata.Name!] = (ConditionResult.False(Reasons.InvalidSpec, string.Join("; ", errors)), null);
                continue;
            }

            if (quota?.Spec.Kv?.MaxNamespaces is { } max && accepted + 1 > max)
            {
                result[kv.Metadata.Name!] = (ConditionResult.False(Reasons.QuotaExceeded,
                    $"WorkerQuota {quota.Metadata.Name} allows maxNamespaces {max}; this would be KV namespace number {accepted + 1}"), null);
                continue;
            }

            if (maxTotal is { } cap && total + entry.MaxTotalBytes > cap)
            {
                result[kv.Metadata.Name!] = (ConditionResult.False(Reasons.QuotaExceeded,
                    $"maxTotalSize {entry.MaxTotalBytes} bytes would bring the namespace's KV total to {total + entry.MaxTotalBytes} bytes, over WorkerQuota {quota!.Metadata.Name}'s maxTotalSize {quota.Spec.Kv!.MaxTotalSize} ({cap} bytes)"), null);
                continue;
            }

            accepted++;
            total += entry.MaxTotalBytes;
            result[kv.Metadata.Name!] = (ConditionResult.True(Reasons.Published, $"published as {entry.Id}"), entry);
        }

        return result;
    }

    private async Task WriteKvStatusAsync(KvNamespace kv, ConditionResult ready, DateTimeOffset now, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        var status = StatusBuilders.BuildKvNamespaceStatus(kv, ready, now);
        if (SameJson(status, kv.Status))
        {
            return;
        }

        await ReplaceStatusAsync(WharfApi.KvNamespaces, new KvNamespace { Metadata = kv.Metadata, Spec = kv.Spec, Status = status }, outcome, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task WriteQuotaStatusesAsync(
        IReadOnlyList<WorkerQuota> quotas, WorkerQuota? governing, int workers, IReadOnlyList<KvNamespace> liveKvs, DateTimeOffset now,
        ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        long kvBytes = 0;
        foreach (var kv in liveKvs)
        {
            try
            {
                kvBytes += RuntimeConfigBuilder.FromKvNamespace(kv).MaxTotalBytes;
            }
            catch (RuntimeConfigException)
            {
                // An invalid KvNamespace is not published and uses nothing.
            }
        }

        var usage = new QuotaUsage { Workers = workers, KvNamespaces = liveKvs.Count, KvTotalBytes = kvBytes };
        foreach (var quota in quotas.Where(q => q.Metadata.DeletionTimestamp is null))
        {
            var errors = WharfValidator.Validate(quota);
            var ready = errors.Count > 0 ? ConditionResult.False(Reasons.InvalidSpec, string.Join("; ", errors))
                : quota == governing ? ConditionResult.True(Reasons.Valid, $"in force for namespace {quota.Metadata.NamespaceProperty}")
                : ConditionResult.False(Reasons.Ignored, $"WorkerQuota {governing!.Metadata.Name} governs namespace {quota.Metadata.NamespaceProperty}; only the first by name applies");
            var status = StatusBuilders.BuildQuotaStatus(quota, usage, ready, now);
            if (SameJson(status, quota.Status))
            {
                continue;
            }

            await ReplaceStatusAsync(WharfApi.WorkerQuotas, new WorkerQuota { Metadata = quota.Metadata, Spec = quota.Spec, Status = status }, outcome, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Honours <c>deletionPolicy</c>: Retain lets go at once; Delete first deletes the data through <see cref="Kv.IKvDataDeleter"/>.</summary>
    private async Task FinalizeKvNamespaceAsync(KvNamespace kv, DateTimeOffset now, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        if (!(kv.Metadata.Finalizers ?? []).Contains(Runtime.TenantNames.Finalizer))
        {
            return;
        }

        var id = RuntimeKvNamespace.IdFor(kv.Metadata.NamespaceProperty!, kv.Metadata.Name!);
        if ((kv.Spec.DeletionPolicy ?? KvNamespaceDefaults.DeletionPolicy) == KvDeletionPolicy.Delete)
        {
            var result = await _kvDeleter.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
            if (!result.Deleted)
            {
                Log.KvDeletionFailed(_logger, kv.Metadata.NamespaceProperty!, kv.Metadata.Name!, result.Message);
                var before = Conditions.Find(kv.Status?.Conditions, "Ready");
                await WriteKvStatusAsync(kv, ConditionResult.False(Reasons.DataDeletionFailed, result.Message), now, outcome, cancellationToken).ConfigureAwait(false);
                if (before?.Reason != Reasons.DataDeletionFailed)
                {
                    await RecordEventAsync(kv, "Warning", Reasons.DataDeletionFailed, result.Message, outcome, cancellationToken).ConfigureAwait(false);
                }

                outcome.Retry($"KvNamespace {kv.Metadata.Name}: {result.Message}");
                return;
            }

            await RecordEventAsync(kv, "Normal", "DataDeleted", result.Message, outcome, cancellationToken).ConfigureAwait(false);
        }

        await RemoveFinalizerAsync(WharfApi.KvNamespaces, kv, outcome, cancellationToken).ConfigureAwait(false);
    }
}
