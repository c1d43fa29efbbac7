namespace Wharf.Wasm.Binary;

/// <summary>
/// Reads instructions without typing them, reporting every malformation the binary format
/// defines for code (https://webassembly.github.io/spec/core/binary/instructions.html):
/// illegal opcodes, reserved zero bytes, bad LEB128 immediates, a missing <c>end</c>, and
/// <c>memory.init</c>/<c>data.drop</c> without a data count section. The validator checks the same
/// things while typing; this scanner decides malformed-versus-invalid precedence when validation
/// fails (the spec decodes the whole module before validating any of it) and skips operands of
/// constant expressions.
/// </summary>
internal static class InstructionScanner
{
    /// <summary>Scans every function body of <paramref name="module"/>; throws the first malformation.</summary>
    public static void ScanAllBodies(Module module)
    {
        var reader = new WasmReader(module.Bytes.Span);
        foreach (var body in module.Code)
        {
            reader.Position = body.CodeOffset;
            ScanBody(ref reader, DataCountSatisfied(module));
            reader.ExpectConsumed(body.CodeOffset + body.CodeLength, body.CodeOffset);
        }
    }

    /// <summary>Reads instructions up to and including the <c>end</c> that closes the body.</summary>
    public static void ScanBody(ref WasmReader reader, bool hasDataCount)
    {
        // One entry per open block: whether it is an if still expecting its else.
        var ifLevels = new Stack<bool>();
        while (true)
        {
            var start = reader.Position;
            var op = reader.ReadByte();
            switch (op)
            {
                case (byte)Opcode.Block or (byte)Opcode.Loop or (byte)Opcode.If:
                    ReadBlockType(ref reader);
                    ifLevels.Push(op == (byte)Opcode.If);
                    break;
                case (byte)Opcode.Else:
                    if (ifLevels.Count == 0 || !ifLevels.Peek())
                    {
                        throw WasmReader.Malformed("END opcode expected", start);
                    }

                    ifLevels.Pop();
                    ifLevels.Push(false);
                    break;
                case (byte)Opcode.End:
                    if (ifLevels.Count == 0)
                    {
                        return;
                    }

                    ifLevels.Pop();
                    break;
                default:
                    SkipImmediates(ref reader, op, start, hasDataCount);
                    break;
            }
        }
    }

    /// <summary>A block type: empty (0x40), an inline value type, or an s33 type index.</summary>
    /// <returns>-1 for empty, -2 - valtype byte for a value type, otherwise the type index.</returns>
    public static long ReadBlockType(ref WasmReader reader)
    {
        var b = reader.PeekByte();
        if (b == 0x40)
        {
            reader.Position++;
            return -1;
        }

        if (b >= 0x40 && b < 0x80)
        {
            return -2 - (long)reader.ReadValueType();
        }

        var index = reader.ReadS33();
        return index < 0 ? long.MaxValue : index;
    }

    /// <summary>Skips the immediates of a non-structured instruction whose opcode byte was just read.</summary>
    public static void SkipImmediates(ref WasmReader reader, byte op, int start, bool hasDataCount)
    {
        switch (op)
        {
            case <= 0x01 or 0x0F or 0x1A or 0x1B or (>= 0x45 and <= 0xC4) or 0xD1:
                return;
            case 0x0C or 0x0D or 0x10 or (>= 0x20 and <= 0x26) or 0xD2:
                reader.ReadU32();
                return;
            case 0x0E:
                var count = reader.ReadCount();
                for (var i = 0; i <= count; i++)
                {
                    reader.ReadU32();
                }

                return;
            case 0x11:
                reader.ReadU32();
                reader.ReadU32();
                return;
            case 0x1C:
                var n = reader.ReadCount();
                for (var i = 0; i < n; i++)
                {
                    reader.ReadValueType();
                }

                return;
            case >= 0x28 and <= 0x3E:
                reader.ReadU32();
                reader.ReadU32();
                return;
            case 0x3F or 0x40:
                reader.ReadZeroByte();
                return;
            case 0x41:
                reader.ReadS32();
                return;
            case 0x42:
                reader.ReadS64();
                return;
            case 0x43:
                reader.ReadBytes(4);
                return;
            case 0x44:
                reader.ReadBytes(8);
                return;
            case 0xD0:
                reader.ReadRefType();
                return;
            case 0xFC:
                SkipMisc(ref reader, start, hasDataCount);
                return;
            case 0xFD:
                SkipSimd(ref reader, start);
                return;
            default:
                throw WasmReader.Malformed("illegal opcode", start);
        }
    }

    private static void SkipMisc(ref WasmReader reader, int start, bool hasDataCount)
    {
        var sub = reader.ReadU32();
        switch (sub)
        {
            case <= 7:
                return;
            case 8:
                RequireDataCount(hasDataCount, start);
                reader.ReadU32();
                reader.ReadZeroByte();
                return;
            case 9:
                RequireDataCount(hasDataCount, start);
                reader.ReadU32();
                return;
            case 10:
                reader.ReadZeroByte();
                reader.ReadZeroByte();
                return;
            case 11:
                reader.ReadZeroByte();
                return;
            case 12 or 14:
                reader.ReadU32();
                reader.ReadU32();
                return;
            case 13 or 15 or 16 or 17:
                reader.ReadU32();
                return;
            default:
                throw WasmReader.Malformed("illegal opcode", start);
        }
    }

    /// <summary>
    /// Whether memory.init/data.drop may appear. Without a data section every data index is simply
    /// unknown (invalid, not malformed): text-format tools omit the data count section then.
    /// </summary>
    public static bool DataCountSatisfied(Module module) => module.DataCount.HasValue || module.Data.Length == 0;

    public static void RequireDataCount(bool hasDataCount, int offset)
    {
        if (!hasDataCount)
        {
            throw WasmReader.Malformed("data count section required", offset);
        }
    }

    private static void SkipSimd(ref WasmReader reader, int start)
    {
        var sub = reader.ReadU32();
        switch (SimdOpcodeInfo.GetShape(sub))
        {
            case SimdShape.Illegal:
                throw WasmReader.Malformed("illegal opcode", start);
            case SimdShape.Load or SimdShape.Store:
                reader.ReadU32();
                reader.ReadU32();
                return;
            case SimdShape.LoadLane or SimdShape.StoreLane:
                reader.ReadU32();
                reader.ReadU32();
                reader.ReadByte();
                return;
            case SimdShape.Const or SimdShape.Shuffle:
                reader.ReadBytes(16);
                return;
            case SimdShape.ExtractLane or SimdShape.ReplaceLane:
                reader.ReadByte();
                return;
            default:
                return;
        }
    }
}
