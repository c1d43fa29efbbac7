
namespace Wharf.Operator.Diagnostics;

/// <summary>Every log line of the operator. Messages name objects and causes, never credentials or secret values.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Operator {Identity} starting in namespace {Namespace} (leader election {LeaderElection}, runtime image {Image})")]
    public static partial void Starting(ILogger logger, string identity, string @namespace, bool leaderElection, string image);

    [LoggerMessage(2, LogLevel.Information, "Caches synced: {Resources}")]
    public static partial void CachesSynced(ILogger logger, string resources);

    [LoggerMessage(3, LogLevel.Information, "Started leading; reconciling with {Workers} workers")]
    public static partial void StartedLeading(ILogger logger, int workers);

    [LoggerMessage(4, LogLevel.Warning, "Leadership lost; stopping so that a fresh process campaigns again")]
    public static partial void LeadershipLost(ILogger logger);

    [LoggerMessage(5, LogLevel.Debug, "Reconciled tenant {Tenant} in {Milliseconds} ms ({Writes} writes)")]
    public static partial void Reconciled(ILogger logger, string tenant, long milliseconds, int writes);

    [LoggerMessage(6, LogLevel.Warning, "Reconcile of tenant {Tenant} failed ({Reason}); retrying in {Delay}: {Message}")]
    public static partial void ReconcileFailed(ILogger logger, string tenant, string reason, TimeSpan delay, string message);

    [LoggerMessage(7, LogLevel.Information, "Tenant {Tenant} needs a retry: {Cause}")]
    public static partial void RetryScheduled(ILogger logger, string tenant, string cause);

    [LoggerMessage(8, LogLevel.Warning, "Registry {Registry} unreachable: {Message}")]
    public static partial void RegistryUnreachable(ILogger logger, string registry, string message);

    [LoggerMessage(9, LogLevel.Information, "Worker {Namespace}/{Name}: {Condition} is now {Status} ({Reason})")]
    public static partial void WorkerTransition(ILogger logger, string @namespace, string name, string condition, string status, string reason);

    [LoggerMessage(10, LogLevel.Information, "Removed the runtime of tenant {Tenant}: its last worker is gone")]
    public static partial void RuntimeRemoved(ILogger logger, string tenant);

    [LoggerMessage(11, LogLevel.Warning, "Could not record an event about {Namespace}/{Name}: {Message}")]
    public static partial void EventFailed(ILogger logger, string @namespace, string? name, string message);

    [LoggerMessage(12, LogLevel.Error, "The controller loop crashed")]
    public static partial void ControllerCrashed(ILogger logger, Exception exception);

    [LoggerMessage(13, LogLevel.Warning, "KvNamespace {Namespace}/{Name}: data not deleted: {Message}")]
    public static partial void KvDeletionFailed(ILogger logger, string @namespace, string name, string message);
}
