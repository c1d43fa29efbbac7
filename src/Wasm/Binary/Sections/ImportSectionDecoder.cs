namespace Wharf.Wasm.Binary.Sections;

/// <summary>Import section (id 2): https://webassembly.github.io/spec/core/binary/modules.html#import-section.</summary>
internal static class ImportSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module)
    {
        var count = reader.ReadCount();
        var imports = new Import[count];
        int functions = 0, tables = 0, memories = 0, globals = 0;
        for (var i = 0; i < count; i++)
        {
            var moduleName = reader.ReadName();
            var name = reader.ReadName();
            var kindStart = reader.Position;
            var kind = reader.ReadByte();
            imports[i] = kind switch
            {
                0 => new Import(moduleName, name, ExternalKind.Function) { TypeIndex = reader.ReadU32() },
                1 => new Import(moduleName, name, ExternalKind.Table) { Table = TypeDecoding.ReadTableType(ref reader) },
                2 => new Import(moduleName, name, ExternalKind.Memory) { Memory = TypeDecoding.ReadMemoryType(ref reader) },
                3 => new Import(moduleName, name, ExternalKind.Global) { Global = TypeDecoding.ReadGlobalType(ref reader) },
                _ => throw WasmReader.Malformed("malformed import kind", kindStart),
            };
            switch (kind)
            {
                case 0: functions++; break;
                case 1: tables++; break;
                case 2: memories++; break;
                default: globals++; break;
            }
        }

        module.Imports = imports;
        module.ImportedFunctionCount = functions;
        module.ImportedTableCount = tables;
        module.ImportedMemoryCount = memories;
        module.ImportedGlobalCount = globals;
    }
}
