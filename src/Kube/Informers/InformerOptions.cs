namespace Wharf.Kube.Informers;

/// <summary>Settings of an <see cref="Informer{T}"/>; validated up front by the informer's constructor.</summary>
public sealed record InformerOptions
{
    /// <summary>Only objects matching this label selector are cached, e.g. <c>app.kubernetes.io/managed-by=wharf-operator</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Only objects matching this field selector are cached, e.g. <c>metadata.name=wharf-runtime</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size of the initial list and of relists (client-go uses 500).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Server-side timeout of one watch request; the informer then resumes from its last resourceVersion.
    /// A watch silent for this long plus one minute is taken as a dead connection and reopened.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First delay before retrying a failed list or watch; doubles (jittered) up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between retries.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When set, every cached object is re-announced to the handlers as an update (old == new) this often.</summary>
    public TimeSpan? ResyncPeriod { get; init; }

    /// <summary>Every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PageSize < 1)
        {
            errors.Add($"page size must be at least 1 (was {PageSize}).");
        }

        if (WatchTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add($"watch timeout must be at least one second (was {WatchTimeout}).");
        }

        if (BackoffInitial <= TimeSpan.Zero || BackoffMax < BackoffInitial)
        {
            errors.Add($"backoff must satisfy 0 < initial ({BackoffInitial}) <= max ({BackoffMax}).");
        }

        if (ResyncPeriod is { } resync && resync <= TimeSpan.Zero)
        {
            errors.Add($"resync period must be positive (was {resync}).");
        }

        return errors;
    }
}
