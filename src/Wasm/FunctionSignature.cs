namespace Wharf.Wasm;

/// <summary>The parameter and result types of a function.</summary>
/// <param name="Parameters">Parameter types, in order.</param>
/// <param name="Results">Result types, in order.</param>
public sealed record FunctionSignature(IReadOnlyList<ValueType> Parameters, IReadOnlyList<ValueType> Results)
{
    /// <inheritdoc />
    public bool Equals(FunctionSignature? other) =>
        other is not null && Parameters.SequenceEqual(other.Parameters) && Results.SequenceEqual(other.Results);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var p in Parameters)
        {
            hash.Add(p);
        }

        hash.Add(-1);
        foreach (var r in Results)
        {
            hash.Add(r);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(' ', Parameters)}] -> [{string.Join(' ', Results)}]";
}
