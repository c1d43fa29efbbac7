using System.Buffers.Text;
using System.Collections.Concurrent;

namespace Wharf.NodeRuntime.Kv;

/// <summary>
/// A process-local <see cref="IKvStore"/> for development and tests: keys sorted by UTF-8 bytes, expiry by an
/// injectable <see cref="TimeProvider"/> (expired entries are invisible at once and purged lazily). One lock
/// per namespace keeps every operation atomic.
/// </summary>
public sealed class InMemoryKvStore : IKvStore
{
    private const string CursorPrefix = "c1.";
    private readonly ConcurrentDictionary<string, Namespace> _namespaces = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty store reading time from <paramref name="time"/> (system clock when null).</summary>
    public InMemoryKvStore(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public void ConfigureNamespace(string id, KvNamespaceLimits limits)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        var ns = _namespaces.GetOrAdd(id, _ => new Namespace(limits));
        lock (ns.Lock)
        {
            ns.Limits = limits;
        }
    }

    /// <inheritdoc />
    public ValueTask<KvEntry?> GetAsync(string ns, string key, CancellationToken cancellationToken = default)
    {
        var bytes = KvKeys.Encode(key);
        var space = Find(ns);
        var now = _time.GetUtcNow();
        lock (space.Lock)
        {
            if (!space.Entries.TryGetValue(bytes, out var entry))
            {
                return ValueTask.FromResult<KvEntry?>(null);
            }

            if (entry.IsExpired(now))
            {
                space.Remove(bytes, entry);
                return ValueTask.FromResult<KvEntry?>(null);
            }

            return ValueTask.FromResult<KvEntry?>(new KvEntry(entry.Value, entry.Metadata, entry.Expiration));
        }
    }

    /// <inheritdoc />
    public ValueTask PutAsync(string ns, string key, ReadOnlyMemory<byte> value, KvPutOptions? options = null, CancellationToken cancellationToken = default)
    {
        var bytes = KvKeys.Encode(key);
        options ??= new KvPutOptions();
        if (options.TimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), ttl, "time to live must be positive");
        }

        var space = Find(ns);
        var now = _time.GetUtcNow();
        lock (space.Lock)
        {
            var limits = space.Limits;
            var stored = new StoredEntry(value.ToArray(), options.Metadata, now + (options.TimeToLive ?? limits.DefaultTimeToLive));
            if (stored.Value.Length > limits.MaxValueBytes)
            {
                throw new KvLimitExceededException($"value of {stored.Value.Length} bytes exceeds the namespace limit of {limits.MaxValueBytes} bytes");
            }

            if (!space.Fits(bytes, stored))
            {
                space.PurgeExpired(now);
                if (!space.Fits(bytes, stored))
                {
                    throw new KvLimitExceededException(space.Entries.ContainsKey(bytes) || space.Entries.Count < limits.MaxKeys
                        ? $"namespace '{ns}' would exceed its total size limit of {limits.MaxTotalBytes} bytes"
                        : $"namespace '{ns}' would exceed its limit of {limits.MaxKeys} keys");
                }
            }

            if (space.Entries.TryGetValue(bytes, out var old))
            {
                space.Remove(bytes, old);
            }

            space.Add(bytes, stored);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string ns, string key, CancellationToken cancellationToken = default)
    {
        var bytes = KvKeys.Encode(key);
        var space = Find(ns);
        lock (space.Lock)
        {
            if (space.Entries.TryGetValue(bytes, out var old))
            {
                space.Remove(bytes, old);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<KvListResult> ListAsync(string ns, KvListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KvListOptions();
        if (options.Limit is < 1 or > KvListOptions.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Limit, $"limit must be 1..{KvListOptions.MaxLimit}");
        }

        var prefix = KvKeys.StrictUtf8.GetBytes(options.Prefix);
        var after = options.Cursor is { } cursor ? DecodeCursor(cursor) : null;
        var space = Find(ns);
        var now = _time.GetUtcNow();
        var keys = new List<KvListKey>();
        byte[]? last = null;
        var complete = true;
        lock (space.Lock)
        {
            var sorted = space.Entries;
            var index = LowerBound(sorted.Keys, after is null ? prefix : Max(after, prefix), exclusive: after is not null && ByteComparer.Instance.Compare(after, prefix) >= 0);
            for (; index < sorted.Count; index++)
            {
                var name = sorted.Keys[index];
                if (!name.AsSpan().StartsWith(prefix))
                {
                    break;
                }

                var entry = sorted.Values[index];
                if (entry.IsExpired(now))
                {
                    continue;
                }

                if (keys.Count == options.Limit)
                {
                    complete = false;
                    break;
                }

                keys.Add(new KvListKey(KvKeys.StrictUtf8.GetString(name), entry.Expiration, entry.Metadata));
                last = name;
            }
        }

        return ValueTask.FromResult(new KvListResult(keys, complete, complete ? null : EncodeCursor(last!)));
    }

    private Namespace Find(string ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        return _namespaces.TryGetValue(ns, out var space) ? space : throw new KvNamespaceNotFoundException(ns);
    }

    private static byte[] Max(byte[] a, byte[] b) => ByteComparer.Instance.Compare(a, b) >= 0 ? a : b;

    /// <summary>Index of the first key &gt;= (or &gt; when <paramref name="exclusive"/>) <paramref name="probe"/>.</summary>
    private static int LowerBound(IList<byte[]> keys, byte[] probe, bool exclusive)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var c = ByteComparer.Instance.Compare(keys[mid], probe);
            if (c < 0 || (exclusive && c == 0))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static string EncodeCursor(byte[] lastKey) => CursorPrefix + Base64Url.EncodeToString(lastKey);

    private static byte[] DecodeCursor(string cursor)
    {
        if (!cursor.StartsWith(CursorPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException("invalid list cursor", nameof(cursor));
        }

        try
        {
            return Base64Url.DecodeFromChars(cursor.AsSpan(CursorPrefix.Length));
        }
        catch (FormatException e)
        {
            throw new ArgumentException("invalid list cursor", nameof(cursor), e);
        }
    }

    private sealed record StoredEntry(byte[] Value, string? Metadata, DateTimeOffset? Expiration)
    {
        public long Size(byte[] key) => key.Length + Value.Length + (Metadata is null ? 0 : KvKeys.StrictUtf8.GetByteCount(Metadata));

        public bool IsExpired(DateTimeOffset now) => Expiration <= now;
    }

    private sealed class Namespace(KvNamespaceLimits limits)
    {
        public Lock Lock { get; } = new();

        public KvNamespaceLimits Limits { get; set; } = limits;

        public SortedList<byte[], StoredEntry> Entries { get; } = new(ByteComparer.Instance);

        public long TotalBytes { get; private set; }

        public bool Fits(byte[] key, StoredEntry entry)
        {
            var replaced = Entries.TryGetValue(key, out var old) ? old : null;
            var keys = Entries.Count + (replaced is null ? 1 : 0);
            var total = TotalBytes - (replaced?.Size(key) ?? 0) + entry.Size(key);
            return keys <= Limits.MaxKeys && total <= Limits.MaxTotalBytes;
        }

        public void Add(byte[] key, StoredEntry entry)
        {
            Entries.Add(key, entry);
            TotalBytes += entry.Size(key);
        }

        public void Remove(byte[] key, StoredEntry entry)
        {
            Entries.Remove(key);
            TotalBytes -= entry.Size(key);
        }

        public void PurgeExpired(DateTimeOffset now)
        {
            for (var i = Entries.Count - 1; i >= 0; i--)
            {
                if (Entries.Values[i].IsExpired(now))
                {
                    TotalBytes -= Entries.Values[i].Size(Entries.Keys[i]);
                    Entries.RemoveAt(i);
                }
            }
        }
    }
}
