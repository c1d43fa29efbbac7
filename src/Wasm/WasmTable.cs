namespace Wharf.Wasm;

/// <summary>A table of references (funcref: <see cref="WasmFunction"/> or null; externref: any object or null).</summary>
public sealed class WasmTable : WasmExtern
{
    /// <summary>Host cap on table size, so a hostile <c>table.grow</c> cannot exhaust the GC heap.</summary>
    internal const uint MaxElements = 10_000_000;

    // Read by generated code; its length is the table size.
    internal object?[] Elements;

    /// <summary>Creates a table of <paramref name="min"/> null elements that may grow to <paramref name="max"/>.</summary>
    public WasmTable(ValueType elementType, uint min, uint? max)
    {
        if (elementType is not (ValueType.FuncRef or ValueType.ExternRef))
        {
            throw new ArgumentException($"{elementType} is not a reference type", nameof(elementType));
        }

        if (max < min)
        {
            throw new ArgumentException("maximum is below minimum", nameof(max));
        }

        if (min > MaxElements)
        {
            throw new ArgumentOutOfRangeException(nameof(min), min, $"tables are limited to {MaxElements} elements");
        }

        ElementType = elementType;
        Max = max;
        Elements = min == 0 ? [] : new object?[min];
    }

    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Table;

    /// <summary>The element type (funcref or externref).</summary>
    public ValueType ElementType { get; }

    /// <summary>The declared maximum size, if any.</summary>
    public uint? Max { get; }

    /// <summary>Current number of elements.</summary>
    public uint Size => (uint)Elements.Length;

    /// <summary>The element at <paramref name="index"/>; traps "out of bounds table access".</summary>
    public object? Get(uint index)
    {
        var elements = Elements;
        if (index >= (uint)elements.Length)
        {
            throw new WasmTrapException("out of bounds table access");
        }

        return elements[index];
    }

    /// <summary>Stores <paramref name="value"/> at <paramref name="index"/>; traps "out of bounds table access".</summary>
    public void Set(uint index, object? value)
    {
        CheckElement(value);
        var elements = Elements;
        if (index >= (uint)elements.Length)
        {
            throw new WasmTrapException("out of bounds table access");
        }

        elements[index] = value;
    }

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="init"/>; returns the old size or -1.</summary>
    public int Grow(uint delta, object? init)
    {
        CheckElement(init);
        return GrowCore(delta, init);
    }

    internal int GrowCore(uint delta, object? init)
    {
        var old = Elements;
        var newSize = (ulong)old.Length + delta;
        if (newSize > (Max ?? uint.MaxValue) || newSize > MaxElements)
        {
            return -1;
        }

        if (delta == 0)
        {
            return old.Length;
        }

        var fresh = new object?[newSize];
        Array.Copy(old, fresh, old.Length);
        if (init is not null)
        {
            Array.Fill(fresh, init, old.Length, (int)delta);
        }

        Elements = fresh;
        return old.Length;
    }

    private void CheckElement(object? value)
    {
        if (ElementType == ValueType.FuncRef && value is not (null or WasmFunction))
        {
            throw new ArgumentException("a funcref table holds WasmFunction or null", nameof(value));
        }
    }
}
