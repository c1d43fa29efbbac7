namespace Wharf.Wasm.Binary.Sections;

/// <summary>Data count section (id 12): lets single-pass validators check data indices before the data section.</summary>
internal static class DataCountSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module) => module.DataCount = reader.ReadU32();
}
