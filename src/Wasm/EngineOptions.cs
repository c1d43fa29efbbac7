namespace Wharf.Wasm;

/// <summary>Engine-wide settings; immutable, validated when the engine is created.</summary>
public sealed record EngineOptions
{
    /// <summary>Maximum nesting of wasm calls before the guest traps "call stack exhausted".</summary>
    public int MaxCallDepth { get; init; } = 10_000;

    /// <summary>Start generating a module's IL on the thread pool as soon as <see cref="WasmEngine.Compile"/>
    /// returns, so the first instantiation does not wait for it (useful for servers that compile at startup
    /// and instantiate per request). Off by default: IL is generated on first instantiation.</summary>
    public bool CompileInBackground { get; init; }

    /// <summary>When false, generated code is compiled straight to optimized machine code on first call
    /// (<c>AggressiveOptimization</c>) instead of going through the runtime's tiers: slower first calls,
    /// full speed at once (no warm-up), but no profile-guided re-optimization. Default true.</summary>
    public bool TieredCompilation { get; init; } = true;

    internal void Validate()
    {
        if (MaxCallDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCallDepth), MaxCallDepth, "must be at least 1");
        }
    }
}
