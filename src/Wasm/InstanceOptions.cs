namespace Wharf.Wasm;

/// <summary>Per-instance limits and interruption settings.</summary>
public sealed record InstanceOptions
{
    /// <summary>Host cap on the instance's own memory, below the module's declared maximum;
    /// <c>memory.grow</c> beyond it returns -1.</summary>
    public uint? MaxMemoryPages { get; init; }

    /// <summary>Overrides <see cref="EngineOptions.MaxCallDepth"/> for this instance.</summary>
    public int? MaxCallDepth { get; init; }

    /// <summary>When cancelled, running guest code traps "interrupted: canceled".</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Wall-clock budget of each top-level invocation (including the start function);
    /// exceeding it traps "interrupted: timeout".</summary>
    public TimeSpan? Timeout { get; init; }

    internal void Validate()
    {
        if (MaxMemoryPages > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMemoryPages), MaxMemoryPages, "must be at most 65536");
        }

        if (MaxCallDepth is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCallDepth), MaxCallDepth, "must be at least 1");
        }

        if (Timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), t, "must be positive");
        }
    }
}
