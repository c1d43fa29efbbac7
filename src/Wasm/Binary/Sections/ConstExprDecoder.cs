namespace Wharf.Wasm.Binary.Sections;

/// <summary>
/// Decodes a constant expression (https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions).
/// Like the reference interpreter, any instruction sequence is accepted here; instructions that are
/// not constant are kept with <see cref="NonConstant"/> set so the validator can report
/// "constant expression required".
/// </summary>
internal static class ConstExprDecoder
{
    /// <summary>Marks a decoded instruction that is not allowed in a constant expression.</summary>
    public const ushort NonConstant = 0xFFFF;

    /// <summary>Opcode of <c>v128.const</c> as stored in <see cref="ConstInstr.Opcode"/>.</summary>
    public const ushort V128Const = 0xFD0C;

    public static ConstExpr Read(ref WasmReader reader)
    {
        // The common forms are one instruction plus end; avoid a list for them.
        ConstInstr? first = null;
        List<ConstInstr>? more = null;
        var depth = 0;
        while (true)
        {
            var start = reader.Position;
            var op = reader.ReadByte();
            ConstInstr instr;
            switch (op)
            {
                case (byte)Opcode.End when depth == 0:
                    return new ConstExpr(more is not null ? [.. more] : first is { } f ? [f] : []);
                case (byte)Opcode.End:
                    depth--;
                    instr = new ConstInstr(NonConstant, op);
                    break;
                case (byte)Opcode.Else:
                    instr = new ConstInstr(NonConstant, op);
                    break;
                case (byte)Opcode.Block or (byte)Opcode.Loop or (byte)Opcode.If:
                    InstructionScanner.ReadBlockType(ref reader);
                    depth++;
                    instr = new ConstInstr(NonConstant, op);
                    break;
                case (byte)Opcode.I32Const:
                    instr = new ConstInstr(op, (uint)reader.ReadS32());
                    break;
                case (byte)Opcode.I64Const:
                    instr = new ConstInstr(op, (ulong)reader.ReadS64());
                    break;
                case (byte)Opcode.F32Const:
                    instr = new ConstInstr(op, reader.ReadFixedU32());
                    break;
                case (byte)Opcode.F64Const:
                    instr = new ConstInstr(op, reader.ReadFixedU64());
                    break;
                case (byte)Opcode.RefNull:
                    instr = new ConstInstr(op, (ulong)reader.ReadRefType());
                    break;
                case (byte)Opcode.RefFunc or (byte)Opcode.GlobalGet:
                    instr = new ConstInstr(op, reader.ReadU32());
                    break;
                case (byte)Opcode.I32Add or (byte)Opcode.I32Sub or (byte)Opcode.I32Mul
                    or (byte)Opcode.I64Add or (byte)Opcode.I64Sub or (byte)Opcode.I64Mul:
                    instr = new ConstInstr(op, 0);
                    break;
                case (byte)Opcode.SimdPrefix when reader.PeekByte() == 0x0C:
                    reader.Position++;
                    var lo = reader.ReadFixedU64();
                    var hi = reader.ReadFixedU64();
                    instr = new ConstInstr(V128Const, lo, hi);
                    break;
                default:
                    // Not constant, so invalid anyway; the data count rule only concerns function bodies.
                    InstructionScanner.SkipImmediates(ref reader, op, start, hasDataCount: true);
                    instr = new ConstInstr(NonConstant, op);
                    break;
            }

            if (first is null)
            {
                first = instr;
            }
            else
            {
                more ??= [first.Value];
                more.Add(instr);
            }
        }
    }
}
