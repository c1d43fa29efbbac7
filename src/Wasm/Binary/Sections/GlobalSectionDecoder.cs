namespace Wharf.Wasm.Binary.Sections;

/// <summary>Global section (id 6): https://webassembly.github.io/spec/core/binary/modules.html#global-section.</summary>
internal static class GlobalSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module)
    {
        var count = reader.ReadCount();
        var globals = new GlobalDef[count];
        for (var i = 0; i < count; i++)
        {
            var type = TypeDecoding.ReadGlobalType(ref reader);
            globals[i] = new GlobalDef(type, ConstExprDecoder.Read(ref reader));
        }

        module.Globals = globals;
    }
}
