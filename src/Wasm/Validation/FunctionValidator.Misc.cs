using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>0xFC instructions: saturating truncation, bulk memory, table operations.</summary>
    private void ValidateMisc(ref WasmReader reader)
    {
        var sub = (MiscOpcode)reader.ReadU32();
        switch (sub)
        {
            case MiscOpcode.I32TruncSatF32S or MiscOpcode.I32TruncSatF32U:
                Unary(ValueType.F32, ValueType.I32);
                break;
            case MiscOpcode.I32TruncSatF64S or MiscOpcode.I32TruncSatF64U:
                Unary(ValueType.F64, ValueType.I32);
                break;
            case MiscOpcode.I64TruncSatF32S or MiscOpcode.I64TruncSatF32U:
                Unary(ValueType.F32, ValueType.I64);
                break;
            case MiscOpcode.I64TruncSatF64S or MiscOpcode.I64TruncSatF64U:
                Unary(ValueType.F64, ValueType.I64);
                break;
            case MiscOpcode.MemoryInit:
                InstructionScanner.RequireDataCount(_hasDataCount, _instructionStart);
                var dataIndex = reader.ReadU32();
                reader.ReadZeroByte();
                RequireMemory();
                RequireData(dataIndex);
                PopI32s(3);
                break;
            case MiscOpcode.DataDrop:
                InstructionScanner.RequireDataCount(_hasDataCount, _instructionStart);
                RequireData(reader.ReadU32());
                break;
            case MiscOpcode.MemoryCopy:
                reader.ReadZeroByte();
                reader.ReadZeroByte();
                RequireMemory();
                PopI32s(3);
                break;
            case MiscOpcode.MemoryFill:
                reader.ReadZeroByte();
                RequireMemory();
                PopI32s(3);
                break;
            case MiscOpcode.TableInit:
                var elementIndex = reader.ReadU32();
                var table = Table(reader.ReadU32());
                if (ElementType(elementIndex) != table.ElementType)
                {
                    throw TypeMismatch();
                }

                PopI32s(3);
                break;
            case MiscOpcode.ElemDrop:
                ElementType(reader.ReadU32());
                break;
            case MiscOpcode.TableCopy:
                var destination = Table(reader.ReadU32());
                var source = Table(reader.ReadU32());
                if (destination.ElementType != source.ElementType)
                {
                    throw TypeMismatch();
                }

                PopI32s(3);
                break;
            case MiscOpcode.TableGrow:
                var growType = Table(reader.ReadU32()).ElementType;
                Pop(ValueType.I32);
                Pop(growType);
                Push(ValueType.I32);
                break;
            case MiscOpcode.TableSize:
                Table(reader.ReadU32());
                Push(ValueType.I32);
                break;
            case MiscOpcode.TableFill:
                var fillType = Table(reader.ReadU32()).ElementType;
                Pop(ValueType.I32);
                Pop(fillType);
                Pop(ValueType.I32);
                break;
            default:
                throw WasmReader.Malformed("illegal opcode", _instructionStart);
        }
    }

    private void PopI32s(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Pop(ValueType.I32);
        }
    }

    private void RequireData(uint index)
    {
        if (index >= (_module.DataCount ?? 0))
        {
            throw Invalid($"unknown data segment {index}");
        }
    }

    private ValueType ElementType(uint index) =>
        index < (uint)_module.Elements.Length ? _module.Elements[index].Type : throw Invalid($"unknown elem segment {index}");
}
