namespace Wharf.Wasm;

/// <summary>A 128-bit SIMD value as two little-endian 64-bit halves.</summary>
/// <param name="low">Bits 0–63.</param>
/// <param name="high">Bits 64–127.</param>
public readonly struct V128(ulong low, ulong high) : IEquatable<V128>
{
    /// <summary>Bits 0–63.</summary>
    public ulong Low { get; } = low;

    /// <summary>Bits 64–127.</summary>
    public ulong High { get; } = high;

    /// <summary>Compares two vectors bit for bit.</summary>
    public static bool operator ==(V128 left, V128 right) => left.Equals(right);

    /// <summary>Compares two vectors bit for bit.</summary>
    public static bool operator !=(V128 left, V128 right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(V128 other) => Low == other.Low && High == other.High;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is V128 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Low, High);

    /// <inheritdoc />
    public override string ToString() => $"0x{High:x16}{Low:x16}";
}
