namespace Wharf.Wasm;

/// <summary>Engine-wide settings; immutable, validated when the engine is created.</summary>
public sealed record EngineOptions
{
    /// <summary>Maximum nesting of wasm calls before the guest traps "call stack exhausted".</summary>
    public int MaxCallDepth { get; init; } = 10_000;

    internal void Validate()
    {
        if (MaxCallDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCallDepth), MaxCallDepth, "must be at least 1");
        }
    }
}
