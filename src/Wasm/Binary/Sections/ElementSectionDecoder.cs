namespace Wharf.Wasm.Binary.Sections;

/// <summary>
/// Element section (id 9), all eight encodings of
/// https://webassembly.github.io/spec/core/binary/modules.html#element-section. Bit 0 of the
/// flags selects passive/declarative, bit 1 an explicit table index (active) or declarative
/// (otherwise), bit 2 expressions instead of function indices.
/// </summary>
internal static class ElementSectionDecoder
{
    public static void Read(ref WasmReader reader, Module module)
    {
        var count = reader.ReadCount();
        var segments = new ElementSegment[count];
        for (var i = 0; i < count; i++)
        {
            segments[i] = ReadSegment(ref reader);
        }

        module.Elements = segments;
    }

    private static ElementSegment ReadSegment(ref WasmReader reader)
    {
        var start = reader.Position;
        var flags = reader.ReadU32();
        if (flags > 7)
        {
            throw WasmReader.Malformed("malformed elements segment kind", start);
        }

        var passiveOrDeclarative = (flags & 1) != 0;
        var explicitTable = (flags & 2) != 0;
        var usesExpressions = (flags & 4) != 0;

        var mode = !passiveOrDeclarative ? SegmentMode.Active : explicitTable ? SegmentMode.Declarative : SegmentMode.Passive;
        uint table = 0;
        ConstExpr? offset = null;
        if (mode == SegmentMode.Active)
        {
            if (explicitTable)
            {
                table = reader.ReadU32();
            }

            offset = ConstExprDecoder.Read(ref reader);
        }

        // Encodings 0 and 4 imply funcref; the others carry an element kind or a reference type.
        var type = ValueType.FuncRef;
        if (passiveOrDeclarative || explicitTable)
        {
            if (usesExpressions)
            {
                type = reader.ReadRefType();
            }
            else
            {
                var kindStart = reader.Position;
                if (reader.ReadByte() != 0)
                {
                    throw WasmReader.Malformed("malformed element kind", kindStart);
                }
            }
        }

        var n = reader.ReadCount();
        var items = new ConstExpr[n];
        for (var i = 0; i < n; i++)
        {
            items[i] = usesExpressions
                ? ConstExprDecoder.Read(ref reader)
                : new ConstExpr([new ConstInstr((byte)Opcode.RefFunc, reader.ReadU32())]);
        }

        return new ElementSegment(mode, type, items) { TableIndex = table, Offset = offset };
    }
}
