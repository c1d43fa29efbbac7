using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>0xFD instructions (https://webassembly.github.io/spec/core/valid/instructions.html#vector-instructions).</summary>
    private void ValidateSimd(ref WasmReader reader)
    {
        var sub = reader.ReadU32();
        var op = (SimdOpcode)sub;
        switch (SimdOpcodeInfo.GetShape(sub))
        {
            case SimdShape.Load:
                ReadSimdMemArg(ref reader, op);
                Unary(ValueType.I32, ValueType.V128);
                break;
            case SimdShape.Store:
                ReadSimdMemArg(ref reader, op);
                Pop(ValueType.V128);
                Pop(ValueType.I32);
                break;
            case SimdShape.LoadLane:
                ReadSimdMemArg(ref reader, op);
                ReadLane(ref reader, SimdOpcodeInfo.LaneCount(op));
                Pop(ValueType.V128);
                Pop(ValueType.I32);
                Push(ValueType.V128);
                break;
            case SimdShape.StoreLane:
                ReadSimdMemArg(ref reader, op);
                ReadLane(ref reader, SimdOpcodeInfo.LaneCount(op));
                Pop(ValueType.V128);
                Pop(ValueType.I32);
                break;
            case SimdShape.Const:
                reader.ReadBytes(16);
                Push(ValueType.V128);
                break;
            case SimdShape.Shuffle:
                for (var i = 0; i < 16; i++)
                {
                    ReadLane(ref reader, 32);
                }

                Binary(ValueType.V128, ValueType.V128);
                break;
            case SimdShape.ExtractLane:
                ReadLane(ref reader, SimdOpcodeInfo.LaneCount(op));
                Unary(ValueType.V128, SimdOpcodeInfo.ScalarType(op));
                break;
            case SimdShape.ReplaceLane:
                ReadLane(ref reader, SimdOpcodeInfo.LaneCount(op));
                Pop(SimdOpcodeInfo.ScalarType(op));
                Unary(ValueType.V128, ValueType.V128);
                break;
            case SimdShape.Splat:
                Unary(SimdOpcodeInfo.ScalarType(op), ValueType.V128);
                break;
            case SimdShape.Unary:
                Unary(ValueType.V128, ValueType.V128);
                break;
            case SimdShape.Binary:
                Binary(ValueType.V128, ValueType.V128);
                break;
            case SimdShape.Ternary:
                Pop(ValueType.V128);
                Binary(ValueType.V128, ValueType.V128);
                break;
            case SimdShape.Test:
                Unary(ValueType.V128, ValueType.I32);
                break;
            case SimdShape.Shift:
                Pop(ValueType.I32);
                Unary(ValueType.V128, ValueType.V128);
                break;
            default:
                throw WasmReader.Malformed("illegal opcode", _instructionStart);
        }
    }

    private void ReadSimdMemArg(ref WasmReader reader, SimdOpcode op)
    {
        var align = reader.ReadU32();
        reader.ReadU32();
        RequireMemory();
        CheckAlignment(align, SimdOpcodeInfo.NaturalAlignment(op));
    }

    private void ReadLane(ref WasmReader reader, int laneCount)
    {
        if (reader.ReadByte() >= laneCount)
        {
            throw Invalid("invalid lane index");
        }
    }
}
