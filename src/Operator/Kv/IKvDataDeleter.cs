namespace Wharf.Operator.Kv;

/// <summary>Outcome of deleting a KV namespace's data.</summary>
/// <param name="Deleted">True when the data is gone (or there was none).</param>
/// <param name="Message">What happened, for the condition message and the Event.</param>
public sealed record KvDeletionResult(bool Deleted, string Message);

/// <summary>
/// Deletes the stored data of a KV namespace when its object is deleted with <c>deletionPolicy: Delete</c>.
/// The Redis-backed implementation belongs to the KV issue; <see cref="UnavailableKvDataDeleter"/> is used until then.
/// </summary>
public interface IKvDataDeleter
{
    /// <summary>Deletes every key of the namespace with id <paramref name="namespaceId"/> (<c>namespace/name</c>).</summary>
    Task<KvDeletionResult> DeleteAsync(string namespaceId, CancellationToken cancellationToken);
}

/// <summary>
/// The deleter of an operator without a KV store connection: it cannot delete anything and says so, so the
/// KvNamespace keeps its finalizer (and a <c>DataDeletionFailed</c> condition) instead of silently leaking data.
/// </summary>
public sealed class UnavailableKvDataDeleter : IKvDataDeleter
{
    /// <inheritdoc />
    public Task<KvDeletionResult> DeleteAsync(string namespaceId, CancellationToken cancellationToken) =>
        Task.FromResult(new KvDeletionResult(false,
            $"cannot delete the data of KV namespace {namespaceId}: this operator has no KV store connection; " +
            "delete the data by hand and remove the finalizer, or set deletionPolicy: Retain"));
}
