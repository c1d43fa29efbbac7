namespace Wharf.Wasm.Runtime.Snapshots;

/// <summary>
/// Translates references between a source instance and the instances restored from its snapshot. A function of
/// the source's function index space (its own functions and its imports) is recorded by index and resolves to
/// the restored instance's function of the same index; any other reference (externref host objects, functions
/// of other instances) is kept as is.
/// </summary>
internal sealed class ReferenceMap
{
    private readonly Dictionary<WasmFunction, FunctionIndex> _indices = new(ReferenceEqualityComparer.Instance);
    private readonly InstanceContext _source;

    public ReferenceMap(InstanceContext source)
    {
        _source = source;
        var functions = source.Functions;
        for (var i = 0; i < functions.Length; i++)
        {
            if (functions[i] is { } function)
            {
                _indices.TryAdd(function, new FunctionIndex(i));
            }
        }
    }

    /// <summary>The snapshot form of <paramref name="reference"/>.</summary>
    public object? Encode(object? reference)
    {
        if (reference is not WasmFunction function)
        {
            return reference;
        }

        if (_indices.TryGetValue(function, out var index))
        {
            return index;
        }

        // Every function bound to the source is in its index space (created through GetFunction or linked as an
        // import), so this is an engine invariant; keeping it would leak the source instance into restores.
        return function.Context == _source
            ? throw new InvalidOperationException("a function of the instance is outside its function index space")
            : function;
    }

    public object?[] Encode(object?[] references)
    {
        var encoded = new object?[references.Length];
        for (var i = 0; i < references.Length; i++)
        {
            encoded[i] = Encode(references[i]);
        }

        return encoded;
    }

    /// <summary>The reference <paramref name="encoded"/> denotes in the restored instance <paramref name="target"/>.</summary>
    public static object? Decode(object? encoded, InstanceContext target) =>
        encoded is FunctionIndex index ? target.GetFunction(index.Value) : encoded;

    public static object?[] Decode(object?[] encoded, InstanceContext target)
    {
        if (encoded.Length == 0)
        {
            return [];
        }

        var decoded = new object?[encoded.Length];
        for (var i = 0; i < encoded.Length; i++)
        {
            decoded[i] = Decode(encoded[i], target);
        }

        return decoded;
    }

    /// <summary>A function recorded by its index in the function index space.</summary>
    private sealed record FunctionIndex(int Value);
}
