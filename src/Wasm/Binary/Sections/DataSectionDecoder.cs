namespace Wharf.Wasm.Binary.Sections;

/// <summary>Data section (id 11): https://webassembly.github.io/spec/core/binary/modules.html#data-section.</summary>
internal static class DataSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module)
    {
        var count = reader.ReadCount();
        var segments = new DataSegment[count];
        for (var i = 0; i < count; i++)
        {
            var start = reader.Position;
            var flags = reader.ReadU32();
            uint memory = 0;
            ConstExpr? offset = null;
            switch (flags)
            {
                case 0:
                    offset = ConstExprDecoder.Read(ref reader);
                    break;
                case 1:
                    break;
                case 2:
                    memory = reader.ReadU32();
                    offset = ConstExprDecoder.Read(ref reader);
                    break;
                default:
                    throw WasmReader.Malformed("malformed data segment kind", start);
            }

            var length = (int)Math.Min(reader.ReadU32(), int.MaxValue);
            var bytesStart = reader.Position;
            reader.ReadBytes(length);
            var mode = flags == 1 ? SegmentMode.Passive : SegmentMode.Active;
            segments[i] = new DataSegment(mode, module.Bytes.Slice(bytesStart, length)) { MemoryIndex = memory, Offset = offset };
        }

        module.Data = segments;
    }
}
