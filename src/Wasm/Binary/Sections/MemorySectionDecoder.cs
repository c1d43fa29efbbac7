namespace Wharf.Wasm.Binary.Sections;

/// <summary>Memory section (id 5): https://webassembly.github.io/spec/core/binary/modules.html#memory-section.</summary>
internal static class MemorySectionDecoder
{
    public static void Read(ref WasmReader reader, Module module)
    {
        var count = reader.ReadCount();
        var memories = new MemoryType[count];
        for (var i = 0; i < count; i++)
        {
            memories[i] = TypeDecoding.ReadMemoryType(ref reader);
        }

        module.Memories = memories;
    }
}
