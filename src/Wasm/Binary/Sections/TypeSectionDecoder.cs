namespace Wharf.Wasm.Binary.Sections;

/// <summary>Type section (id 1): https://webassembly.github.io/spec/core/binary/modules.html#type-section.</summary>
internal static class TypeSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module)
    {
        var count = reader.ReadCount();
        var types = new FuncType[count];
        for (var i = 0; i < count; i++)
        {
            var start = reader.Position;
            if (reader.ReadByte() != 0x60)
            {
                throw WasmReader.Malformed("integer representation too long", start);
            }

            var parameters = ReadResultType(ref reader);
            var results = ReadResultType(ref reader);
            types[i] = new FuncType(parameters, results);
        }

        module.Types = types;
    }

    private static ValueType[] ReadResultType(ref WasmReader reader)
    {
        var count = reader.ReadCount();
        if (count == 0)
        {
            return [];
        }

        var types = new ValueType[count];
        for (var i = 0; i < count; i++)
        {
            types[i] = reader.ReadValueType();
        }

        return types;
    }
}
