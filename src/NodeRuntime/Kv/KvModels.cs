using System.Text;

namespace Wharf.NodeRuntime.Kv;

/// <summary>Quotas of one namespace; every value must be positive.</summary>
/// <param name="MaxKeys">Most live keys.</param>
/// <param name="MaxValueBytes">Largest value in bytes.</param>
/// <param name="MaxTotalBytes">Sum of key, value and metadata bytes of all live entries.</param>
public sealed record KvNamespaceLimits(long MaxKeys, long MaxValueBytes, long MaxTotalBytes)
{
    /// <summary>Generous limits for development: 100k keys, 25 MiB values, 1 GiB total.</summary>
    public static KvNamespaceLimits Default { get; } = new(100_000, 25 << 20, 1L << 30);

    /// <summary>Time to live of entries put without one; null keeps them until deleted.</summary>
    public TimeSpan? DefaultTimeToLive { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a non-positive limit.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxKeys);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxValueBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTotalBytes);
        if (DefaultTimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultTimeToLive), ttl, "must be positive");
        }
    }
}

/// <summary>A stored value.</summary>
/// <param name="Value">The value bytes.</param>
/// <param name="Metadata">JSON metadata, or null.</param>
/// <param name="Expiration">When the entry expires, or null for never.</param>
public sealed record KvEntry(ReadOnlyMemory<byte> Value, string? Metadata, DateTimeOffset? Expiration);

/// <summary>Options of a put.</summary>
public sealed record KvPutOptions
{
    /// <summary>Time to live from now; null keeps the entry until deleted.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>JSON metadata stored with the value (the caller validates it is JSON).</summary>
    public string? Metadata { get; init; }
}

/// <summary>Options of a list call.</summary>
public sealed record KvListOptions
{
    /// <summary>Largest page size.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only keys starting with this prefix.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>The cursor of the previous page, or null for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>Page size, 1..1000.</summary>
    public int Limit { get; init; } = MaxLimit;
}

/// <summary>One listed key.</summary>
/// <param name="Name">The key.</param>
/// <param name="Expiration">Its expiration, or null.</param>
/// <param name="Metadata">Its JSON metadata, or null.</param>
public sealed record KvListKey(string Name, DateTimeOffset? Expiration, string? Metadata);

/// <summary>One page of a listing.</summary>
/// <param name="Keys">Keys in byte order.</param>
/// <param name="ListComplete">True when no key follows this page.</param>
/// <param name="Cursor">Opaque cursor for the next page; null when complete.</param>
public sealed record KvListResult(IReadOnlyList<KvListKey> Keys, bool ListComplete, string? Cursor);

/// <summary>Key rules shared by every store.</summary>
public static class KvKeys
{
    /// <summary>Longest key in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 512;

    /// <summary>Longest metadata in UTF-8 bytes.</summary>
    public const int MaxMetadataBytes = 1024;

    /// <summary>The UTF-8 bytes of <paramref name="key"/>; throws <see cref="ArgumentException"/> when it is
    /// empty, longer than <see cref="MaxKeyBytes"/> or not valid Unicode.</summary>
    public static byte[] Encode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(key);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("key is not valid Unicode", nameof(key), e);
        }

        if (bytes.Length is 0 or > MaxKeyBytes)
        {
            throw new ArgumentException($"key must be 1..{MaxKeyBytes} UTF-8 bytes, got {bytes.Length}", nameof(key));
        }

        return bytes;
    }

    internal static readonly UTF8Encoding StrictUtf8 = new(false, true);
}
