using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Compiler;

/// <summary>Skipping the immediates of instructions in unreachable code.</summary>
internal sealed partial class FunctionCompiler
{
    private void SkipImmediates(byte op)
    {
        switch ((Opcode)op)
        {
            case Opcode.Br:
            case Opcode.BrIf:
            case Opcode.Call:
            case Opcode.LocalGet:
            case Opcode.LocalSet:
            case Opcode.LocalTee:
            case Opcode.GlobalGet:
            case Opcode.GlobalSet:
            case Opcode.TableGet:
            case Opcode.TableSet:
            case Opcode.RefFunc:
            case Opcode.ReturnCall:
                ReadU32();
                return;
            case Opcode.BrTable:
                for (var n = ReadU32() + 1; n > 0; n--)
                {
                    ReadU32();
                }

                return;
            case Opcode.CallIndirect:
            case Opcode.ReturnCallIndirect:
                ReadU32();
                ReadU32();
                return;
            case Opcode.SelectTyped:
                for (var n = ReadU32(); n > 0; n--)
                {
                    ReadByte();
                }

                return;
            case Opcode.MemorySize:
            case Opcode.MemoryGrow:
            case Opcode.RefNull:
                ReadByte();
                return;
            case Opcode.I32Const:
            case Opcode.I64Const:
                ReadSigned();
                return;
            case Opcode.F32Const:
                _pos += 4;
                return;
            case Opcode.F64Const:
                _pos += 8;
                return;
            case Opcode.MiscPrefix:
                SkipMisc(ReadU32());
                return;
            case Opcode.SimdPrefix:
                throw ModuleCompiler.SimdNotSupported();
        }

        if (op is >= 0x28 and <= 0x3E)
        {
            ReadMemArg();
        }
    }

    private void SkipMisc(uint sub)
    {
        switch ((MiscOpcode)sub)
        {
            case MiscOpcode.MemoryInit:
                ReadU32();
                ReadByte();
                break;
            case MiscOpcode.DataDrop:
            case MiscOpcode.ElemDrop:
            case MiscOpcode.TableGrow:
            case MiscOpcode.TableSize:
            case MiscOpcode.TableFill:
                ReadU32();
                break;
            case MiscOpcode.MemoryCopy:
                ReadByte();
                ReadByte();
                break;
            case MiscOpcode.MemoryFill:
                ReadByte();
                break;
            case MiscOpcode.TableInit:
            case MiscOpcode.TableCopy:
                ReadU32();
                ReadU32();
                break;
        }
    }

    /// <summary>Pre-scan: whether the body touches linear memory. Functions that do not (e.g. pure
    /// arithmetic or call-heavy code) skip caching the memory base and reloading it after every call.</summary>
    private bool UsesMemory()
    {
        _pos = _body.CodeOffset;
        var end = _body.CodeOffset + _body.CodeLength;
        try
        {
            while (_pos < end)
            {
                var op = _code[_pos++];
                switch (op)
                {
                    case >= 0x28 and <= 0x40:
                        return true;
                    case (byte)Opcode.Block or (byte)Opcode.Loop or (byte)Opcode.If:
                        ReadBlockType();
                        break;
                    case (byte)Opcode.MiscPrefix:
                        var sub = ReadU32();
                        if (sub is >= (uint)MiscOpcode.MemoryInit and <= (uint)MiscOpcode.MemoryFill)
                        {
                            return true;
                        }

                        SkipMisc(sub);
                        break;
                    default:
                        SkipImmediates(op);
                        break;
                }
            }

            return false;
        }
        finally
        {
            _pos = _body.CodeOffset;
        }
    }
}
