namespace Wharf.Wasm;

/// <summary>A global variable cell; imported and exported globals share the same cell.</summary>
public sealed class WasmGlobal : WasmExtern
{
    // Read and written by generated code: numeric values as raw bits (floats bit-exact), references in RefValue.
    internal long Bits;
    internal object? RefValue;

    /// <summary>Creates a global of <paramref name="type"/> holding <paramref name="value"/>.</summary>
    public WasmGlobal(ValueType type, bool mutable, WasmValue value)
    {
        Type = type;
        Mutable = mutable;
        Store(value);
    }

    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Global;

    /// <summary>The value type.</summary>
    public ValueType Type { get; }

    /// <summary>Whether wasm code (and the host) may change the value.</summary>
    public bool Mutable { get; }

    /// <summary>The current value. Setting an immutable global throws <see cref="InvalidOperationException"/>.</summary>
    public WasmValue Value
    {
        get => Type switch
        {
            ValueType.FuncRef or ValueType.ExternRef => WasmValue.FromRef(Type, RefValue),
            ValueType.V128 => RefValue is V128 v ? WasmValue.FromV128(v) : WasmValue.FromV128(default),
            _ => WasmValue.FromBits(Type, Bits),
        };
        set
        {
            if (!Mutable)
            {
                throw new InvalidOperationException("the global is immutable");
            }

            Store(value);
        }
    }

    internal void Store(WasmValue value)
    {
        if (value.Type != Type)
        {
            throw new ArgumentException($"expected a {Type} value, got {value.Type}", nameof(value));
        }

        switch (Type)
        {
            case ValueType.FuncRef:
            case ValueType.ExternRef:
                RefValue = value.Ref;
                break;
            case ValueType.V128:
                RefValue = value.V128;
                break;
            default:
                Bits = value.Bits;
                break;
        }
    }
}
