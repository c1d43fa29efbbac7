namespace Wharf.Wasm;

/// <summary>A WebAssembly value type, encoded as in the binary format.</summary>
/// <remarks>See https://webassembly.github.io/spec/core/binary/types.html#value-types.</remarks>
public enum ValueType : byte
{
    /// <summary>32-bit integer.</summary>
    I32 = 0x7F,

    /// <summary>64-bit integer.</summary>
    I64 = 0x7E,

    /// <summary>32-bit IEEE 754 float.</summary>
    F32 = 0x7D,

    /// <summary>64-bit IEEE 754 float.</summary>
    F64 = 0x7C,

    /// <summary>128-bit vector.</summary>
    V128 = 0x7B,

    /// <summary>Reference to a function (nullable).</summary>
    FuncRef = 0x70,

    /// <summary>Opaque host reference (nullable).</summary>
    ExternRef = 0x6F,
}
