namespace Wharf.NodeRuntime.Kv;

/// <summary>
/// A key-value store with Cloudflare KV semantics, partitioned into namespaces (ids such as
/// <c>tenant/name</c>). Keys are 1..512 bytes of UTF-8, listed in byte order; values are bytes with optional
/// JSON metadata and an optional expiration. Implementations must be thread-safe.
/// </summary>
/// <remarks>Errors: <see cref="KvLimitExceededException"/> when a namespace limit would be exceeded,
/// <see cref="KvNamespaceNotFoundException"/> for a namespace that was never configured,
/// <see cref="KvUnavailableException"/> when the backend cannot be reached, <see cref="ArgumentException"/>
/// for a malformed key or option.</remarks>
public interface IKvStore
{
    /// <summary>Declares namespace <paramref name="id"/> with its limits (or updates the limits).</summary>
    void ConfigureNamespace(string id, KvNamespaceLimits limits);

    /// <summary>The live entry for <paramref name="key"/>, or null if absent or expired.</summary>
    ValueTask<KvEntry?> GetAsync(string ns, string key, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces <paramref name="key"/>; without a time to live the namespace default applies.</summary>
    ValueTask PutAsync(string ns, string key, ReadOnlyMemory<byte> value, KvPutOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="key"/>; removing an absent key succeeds.</summary>
    ValueTask DeleteAsync(string ns, string key, CancellationToken cancellationToken = default);

    /// <summary>One page of live keys in byte order.</summary>
    ValueTask<KvListResult> ListAsync(string ns, KvListOptions? options = null, CancellationToken cancellationToken = default);
}
