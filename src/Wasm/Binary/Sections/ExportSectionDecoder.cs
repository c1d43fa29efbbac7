namespace Wharf.Wasm.Binary.Sections;

/// <summary>Export section (id 7): https://webassembly.github.io/spec/core/binary/modules.html#export-section.</summary>
internal static class ExportSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module)
    {
        var count = reader.ReadCount();
        var exports = new Export[count];
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadName();
            var kindStart = reader.Position;
            var kind = reader.ReadByte();
            if (kind > 3)
            {
                throw WasmReader.Malformed("malformed export kind", kindStart);
            }

            exports[i] = new Export(name, (ExternalKind)kind, reader.ReadU32());
        }

        module.Exports = exports;
    }
}
