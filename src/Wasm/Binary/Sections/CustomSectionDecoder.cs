namespace Wharf.Wasm.Binary.Sections;

/// <summary>
/// Custom sections (id 0), including the <c>name</c> section
/// (https://webassembly.github.io/spec/core/appendix/custom.html#name-section). Only the custom
/// section's own name must be well formed; a damaged name section is ignored, as the spec allows.
/// </summary>
internal static class CustomSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module, int end, List<CustomSection> customs)
    {
        var name = reader.ReadName();
        if (reader.Position > end)
        {
            throw WasmReader.Malformed(WasmReader.UnexpectedEnd, end);
        }

        var content = module.Bytes.Slice(reader.Position, end - reader.Position);
        customs.Add(new CustomSection(name, content));
        if (name == "name" && module.Names is null)
        {
            module.Names = TryReadNames(content.Span);
        }

        reader.Position = end;
    }

    private static NameSection? TryReadNames(ReadOnlySpan<byte> content)
    {
        var names = new NameSection();
        var reader = new WasmReader(content);
        try
        {
            while (!reader.AtEnd)
            {
                var id = reader.ReadByte();
                var size = reader.ReadLength();
                var end = reader.Position + size;
                switch (id)
                {
                    case 0:
                        names.ModuleName = reader.ReadName();
                        break;
                    case 1:
                        ReadNameMap(ref reader, names.FunctionNames);
                        break;
                    case 2:
                        var count = reader.ReadCount();
                        for (var i = 0; i < count; i++)
                        {
                            var function = reader.ReadU32();
                            var locals = new Dictionary<uint, string>();
                            ReadNameMap(ref reader, locals);
                            names.LocalNames[function] = locals;
                        }

                        break;
                }

                reader.Position = end;
            }
        }
        catch (WasmMalformedException)
        {
            return null;
        }

        return names;
    }

    private static void ReadNameMap(ref WasmReader reader, Dictionary<uint, string> map)
    {
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var index = reader.ReadU32();
            map[index] = reader.ReadName();
        }
    }
}
