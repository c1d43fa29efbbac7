namespace Wharf.Wasm.Binary.Sections;

/// <summary>Start section (id 8): the index of the start function.</summary>
internal static class StartSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module) => module.Start = reader.ReadU32();
}
