using System.Net;

namespace Wharf.Oci;

/// <summary>Settings of a <see cref="RegistryClient"/>; <see cref="Validate"/> reports every problem at once.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts for idempotent requests on transient failures (1 = no retry).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>First retry delay; doubled per attempt, with jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest manifest accepted (the distribution spec suggests 4 MiB).</summary>
    public long MaxManifestBytes { get; init; } = 4L << 20;

    /// <summary>Largest blob accepted on pull.</summary>
    public long MaxBlobBytes { get; init; } = 256L << 20;

    /// <summary>Upload chunk size: 0 uploads each blob in one PUT (monolithic), otherwise PATCH chunks of this size.</summary>
    public long ChunkSize { get; init; }

    /// <summary>Registries (host[:port]) spoken to over plain HTTP besides loopback ones.</summary>
    public IReadOnlyList<string> PlainHttpRegistries { get; init; } = [];

    /// <summary>Plain HTTP for every registry (<c>--insecure</c>).</summary>
    public bool Insecure { get; init; }

    /// <summary>The User-Agent header.</summary>
    public string UserAgent { get; init; } = "wharf/0.1";

    /// <summary>Every problem of these options, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add("Timeout must be positive");
        }

        if (MaxAttempts < 1)
        {
            errors.Add("MaxAttempts must be at least 1");
        }

        if (InitialBackoff < TimeSpan.Zero)
        {
            errors.Add("InitialBackoff must not be negative");
        }

        if (MaxManifestBytes <= 0 || MaxBlobBytes <= 0)
        {
            errors.Add("MaxManifestBytes and MaxBlobBytes must be positive");
        }

        if (ChunkSize < 0)
        {
            errors.Add("ChunkSize must not be negative");
        }

        return errors;
    }

    /// <summary>
    /// True when <paramref name="host"/> is reached over plain HTTP: loopback hosts (as docker and oras allow),
    /// the listed registries, or every registry when <see cref="Insecure"/>.
    /// </summary>
    public bool IsPlainHttp(string host)
    {
        if (Insecure || PlainHttpRegistries.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        var name = host;
        if (name.StartsWith('['))
        {
            var close = name.IndexOf(']', StringComparison.Ordinal);
            name = close > 0 ? name[1..close] : name;
        }
        else if (name.Count(c => c == ':') == 1)
        {
            name = name[..name.IndexOf(':', StringComparison.Ordinal)];
        }

        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
               (IPAddress.TryParse(name, out var ip) && IPAddress.IsLoopback(ip));
    }
}
