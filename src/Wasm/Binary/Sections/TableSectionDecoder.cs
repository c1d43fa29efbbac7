namespace Wharf.Wasm.Binary.Sections;

/// <summary>Table section (id 4): https://webassembly.github.io/spec/core/binary/modules.html#table-section.</summary>
internal static class TableSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module)
    {
        var count = reader.ReadCount();
        var tables = new TableType[count];
        for (var i = 0; i < count; i++)
        {
            tables[i] = TypeDecoding.ReadTableType(ref reader);
        }

        module.Tables = tables;
    }
}
