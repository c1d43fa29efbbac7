namespace Wharf.Wasm.Binary.Sections;

/// <summary>Limits, table, memory and global types (https://webassembly.github.io/spec/core/binary/types.html).</summary>
internal static class TypeDecoding
{
    public static Limits ReadLimits(ref WasmReader reader)
    {
        var flags = reader.ReadUnsignedBits(1);
        var min = reader.ReadU32();
        uint? max = flags == 1 ? reader.ReadU32() : null;
        return new Limits(min, max);
    }

    public static TableType ReadTableType(ref WasmReader reader)
    {
        var elementType = reader.ReadRefType();
        return new TableType(elementType, ReadLimits(ref reader));
    }

    public static MemoryType ReadMemoryType(ref WasmReader reader) => new(ReadLimits(ref reader));

    public static GlobalType ReadGlobalType(ref WasmReader reader)
    {
        var type = reader.ReadValueType();
        var start = reader.Position;
        return reader.ReadByte() switch
        {
            0 => new GlobalType(type, false),
            1 => new GlobalType(type, true),
            _ => throw WasmReader.Malformed("malformed mutability", start),
        };
    }
}
