namespace Wharf.Wasm.Binary.Sections;

/// <summary>Function section (id 3): the type index of each defined function.</summary>
internal static class FunctionSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module)
    {
        var count = reader.ReadCount();
        var types = new uint[count];
        for (var i = 0; i < count; i++)
        {
            types[i] = reader.ReadU32();
        }

        module.FunctionTypes = types;
    }
}
