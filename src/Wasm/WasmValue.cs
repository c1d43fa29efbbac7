using System.Globalization;

namespace Wharf.Wasm;

/// <summary>A typed WebAssembly value. Floats are stored as raw bits, so NaN payloads survive.</summary>
public readonly struct WasmValue : IEquatable<WasmValue>
{
    private readonly ulong _low;
    private readonly ulong _high;
    private readonly object? _ref;

    private WasmValue(ValueType type, ulong low, ulong high = 0, object? reference = null)
    {
        Type = type;
        _low = low;
        _high = high;
        _ref = reference;
    }

    /// <summary>The value's type.</summary>
    public ValueType Type { get; }

    /// <summary>The value as i32.</summary>
    public int I32 => (int)_low;

    /// <summary>The value as i64.</summary>
    public long I64 => (long)_low;

    /// <summary>The value as f32 (bit-exact).</summary>
    public float F32 => BitConverter.Int32BitsToSingle((int)_low);

    /// <summary>The value as f64 (bit-exact).</summary>
    public double F64 => BitConverter.Int64BitsToDouble((long)_low);

    /// <summary>The raw bits of an f32 value.</summary>
    public int F32Bits => (int)_low;

    /// <summary>The raw bits of an f64 value.</summary>
    public long F64Bits => (long)_low;

    /// <summary>The value as v128.</summary>
    public V128 V128 => new(_low, _high);

    /// <summary>The reference (a <see cref="WasmFunction"/> or a host object); null is <c>ref.null</c>.</summary>
    public object? Ref => _ref;

    /// <summary>Raw low 64 bits (integers and float bits); used by generated code.</summary>
    internal long Bits => (long)_low;

    /// <summary>Compares type and bits.</summary>
    public static bool operator ==(WasmValue left, WasmValue right) => left.Equals(right);

    /// <summary>Compares type and bits.</summary>
    public static bool operator !=(WasmValue left, WasmValue right) => !left.Equals(right);

    /// <summary>An i32 value.</summary>
    public static WasmValue FromI32(int value) => new(ValueType.I32, (uint)value);

    /// <summary>An i64 value.</summary>
    public static WasmValue FromI64(long value) => new(ValueType.I64, (ulong)value);

    /// <summary>An f32 value.</summary>
    public static WasmValue FromF32(float value) => new(ValueType.F32, (uint)BitConverter.SingleToInt32Bits(value));

    /// <summary>An f64 value.</summary>
    public static WasmValue FromF64(double value) => new(ValueType.F64, (ulong)BitConverter.DoubleToInt64Bits(value));

    /// <summary>An f32 value from its raw bits.</summary>
    public static WasmValue FromF32Bits(int bits) => new(ValueType.F32, (uint)bits);

    /// <summary>An f64 value from its raw bits.</summary>
    public static WasmValue FromF64Bits(long bits) => new(ValueType.F64, (ulong)bits);

    /// <summary>A v128 value.</summary>
    public static WasmValue FromV128(V128 value) => new(ValueType.V128, value.Low, value.High);

    /// <summary>A reference value of <paramref name="type"/> (funcref or externref); null is <c>ref.null</c>.</summary>
    public static WasmValue FromRef(ValueType type, object? value)
    {
        if (type is not (ValueType.FuncRef or ValueType.ExternRef))
        {
            throw new ArgumentException($"{type} is not a reference type", nameof(type));
        }

        if (type == ValueType.FuncRef && value is not (null or WasmFunction))
        {
            throw new ArgumentException("a funcref must be a WasmFunction or null", nameof(value));
        }

        return new(type, 0, 0, value);
    }

    /// <summary>The zero value of <paramref name="type"/> (null for references).</summary>
    public static WasmValue Default(ValueType type) => new(type, 0);

    /// <summary>Builds a value of a numeric type from raw bits; used by generated code and globals.</summary>
    internal static WasmValue FromBits(ValueType type, long bits) => new(type, (ulong)bits);

    /// <inheritdoc />
    public bool Equals(WasmValue other) =>
        Type == other.Type && _low == other._low && _high == other._high && ReferenceEquals(_ref, other._ref);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is WasmValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, _low, _high, _ref);

    /// <inheritdoc />
    public override string ToString() => Type switch
    {
        ValueType.I32 => $"i32:{I32}",
        ValueType.I64 => $"i64:{I64}",
        ValueType.F32 => $"f32:{F32.ToString(CultureInfo.InvariantCulture)}",
        ValueType.F64 => $"f64:{F64.ToString(CultureInfo.InvariantCulture)}",
        ValueType.V128 => $"v128:{V128}",
        _ => $"{Type}:{_ref ?? "null"}",
    };
}
