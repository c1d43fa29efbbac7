namespace Wharf.Wasm.Tests.Binary;

/// <summary>Builds module binaries by hand for decoder and validator tests.</summary>
internal static class WasmBytes
{
    public const byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B, FuncRef = 0x70, ExternRef = 0x6F;

    public static byte[] Header => [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];

    public static byte[] Section(byte id, params byte[] content) => [id, .. U32((uint)content.Length), .. content];

    public static byte[] U32(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    public static byte[] Vec(params byte[][] items) => [.. U32((uint)items.Length), .. items.SelectMany(i => i)];

    public static byte[] Name(string name)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(name);
        return [.. U32((uint)utf8.Length), .. utf8];
    }

    public static byte[] FuncType(byte[] parameters, byte[] results) =>
        [0x60, .. U32((uint)parameters.Length), .. parameters, .. U32((uint)results.Length), .. results];

    public static byte[] Types(params byte[][] types) => Section(1, Vec(types));

    public static byte[] Functions(params uint[] typeIndices) => Section(3, Vec([.. typeIndices.Select(U32)]));

    public static byte[] Memory(uint min) => Section(5, Vec([0x00, .. U32(min)]));

    public static byte[] Code(params byte[][] bodies) => Section(10, Vec(bodies));

    /// <summary>A function body: local groups (count, type) then instructions (which must include the final end).</summary>
    public static byte[] Body(byte[] instructions, params (uint Count, byte Type)[] locals)
    {
        byte[] content = [.. Vec([.. locals.Select(l => (byte[])[.. U32(l.Count), l.Type])]), .. instructions];
        return [.. U32((uint)content.Length), .. content];
    }

    /// <summary>A module with one function of type <paramref name="parameters"/> -> <paramref name="results"/>, plus optional extra sections placed by id.</summary>
    public static byte[] SingleFunction(byte[] parameters, byte[] results, byte[] instructions, params byte[][] extraSections)
    {
        var sections = new List<byte[]> { Types(FuncType(parameters, results)), Functions(0), Code(Body(instructions)) };
        sections.AddRange(extraSections);
        return Module([.. sections.OrderBy(SectionRank)]);
    }

    private static int SectionRank(byte[] section) => section[0] switch
    {
        12 => 95, // data count sits between element (9) and code (10)
        var id => id * 10,
    };
}
