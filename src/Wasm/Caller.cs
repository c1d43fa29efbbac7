namespace Wharf.Wasm;

/// <summary>The instance a host function is called from.</summary>
public sealed class Caller
{
    internal Caller(WasmInstance instance)
    {
        Instance = instance;
    }

    /// <summary>The calling instance.</summary>
    public WasmInstance Instance { get; }

    /// <summary>The calling instance's memory 0, if it has one.</summary>
    public WasmMemory? Memory => Instance.Context.Memory;
}

/// <summary>An untyped host function: reads <paramref name="args"/> and writes every slot of
/// <paramref name="results"/> (pre-typed with the signature's result types).</summary>
/// <param name="caller">The calling instance.</param>
/// <param name="args">The arguments, one per signature parameter.</param>
/// <param name="results">The results to fill in, one per signature result.</param>
public delegate void HostFunction(Caller caller, ReadOnlySpan<WasmValue> args, Span<WasmValue> results);
