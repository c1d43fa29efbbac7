using System.Reflection.Emit;
using Wharf.Wasm.Binary;
using Wharf.Wasm.Runtime;

namespace Wharf.Wasm.Compiler;

/// <summary>Memory accesses and numeric instructions.</summary>
internal sealed partial class FunctionCompiler
{
    private void EmitMemoryAccess(Opcode op)
    {
        var offset = ReadMemArg();
        var isStore = op >= Opcode.I32Store;
        PopN(isStore ? 2 : 1);
        _il.Emit(OpCodes.Ldloc, _memoryBase!);
        _il.Emit(OpCodes.Ldloc, _memoryLength!);
        LoadI64(offset);

        // MemoryOps names its helpers after the opcodes (I32Load, I64Load16U, F64Store, …).
        EmitCall(Helper(typeof(MemoryOps), OpcodeNames[(byte)op]));
        if (!isStore)
        {
            Push(op switch
            {
                Opcode.F32Load => ValueType.F32,
                Opcode.F64Load => ValueType.F64,
                Opcode.I32Load or Opcode.I32Load8S or Opcode.I32Load8U or Opcode.I32Load16S or Opcode.I32Load16U => ValueType.I32,
                _ => ValueType.I64,
            });
        }
    }

    private void EmitNumeric(Opcode op)
    {
        var b = (byte)op;
        var unary = op is Opcode.I32Eqz or Opcode.I64Eqz
            || b is >= 0x67 and <= 0x69 or >= 0x79 and <= 0x7B or >= 0x8B and <= 0x91 or >= 0x99 and <= 0x9F or >= 0xA7;
        var constantOperand = !unary && (Foldable(op, ConstantAt(0)) || Foldable(op, ConstantAt(1)));
        PopN(unary ? 1 : 2);
        var result = b switch
        {
            <= 0x78 => ValueType.I32,
            <= 0x8A => ValueType.I64,
            <= 0x98 => ValueType.F32,
            <= 0xA6 => ValueType.F64,
            _ => ConversionResult(op),
        };
        if (!EmitSimple(op, constantOperand))
        {
            EmitCall(Helper(typeof(NumericOps), OpcodeNames[(byte)op]));
        }

        Push(result);
    }

    /// <summary>Whether the JIT could fold a float op with this constant operand into a copy of the other
    /// operand (x±0, x*±1, x/±1) or into the constant itself (NaN), skipping the NaN quieting wasm requires.</summary>
    private static bool Foldable(Opcode op, double? constant) => constant is { } c && (double.IsNaN(c) || op switch
    {
        Opcode.F32Add or Opcode.F32Sub or Opcode.F64Add or Opcode.F64Sub => c == 0,
        Opcode.F32Mul or Opcode.F32Div or Opcode.F64Mul or Opcode.F64Div => Math.Abs(c) == 1,
        _ => false,
    });

    private static ValueType ConversionResult(Opcode op) => op switch
    {
        Opcode.I32WrapI64 or Opcode.I32TruncF32S or Opcode.I32TruncF32U or Opcode.I32TruncF64S or Opcode.I32TruncF64U
            or Opcode.I32ReinterpretF32 or Opcode.I32Extend8S or Opcode.I32Extend16S => ValueType.I32,
        Opcode.F32ConvertI32S or Opcode.F32ConvertI32U or Opcode.F32ConvertI64S or Opcode.F32ConvertI64U
            or Opcode.F32DemoteF64 or Opcode.F32ReinterpretI32 => ValueType.F32,
        Opcode.F64ConvertI32S or Opcode.F64ConvertI32U or Opcode.F64ConvertI64S or Opcode.F64ConvertI64U
            or Opcode.F64PromoteF32 or Opcode.F64ReinterpretI64 => ValueType.F64,
        _ => ValueType.I64,
    };

    /// <summary>Emits instructions that map to plain IL; returns false when a <see cref="NumericOps"/> helper
    /// of the opcode's name is needed instead.</summary>
    private bool EmitSimple(Opcode op, bool constantOperand)
    {
        switch (op)
        {
            case Opcode.I32Eqz:
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ceq);
                return true;
            case Opcode.I64Eqz:
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_I8);
                _il.Emit(OpCodes.Ceq);
                return true;
            case Opcode.I32Eq or Opcode.I64Eq or Opcode.F32Eq or Opcode.F64Eq:
                _il.Emit(OpCodes.Ceq);
                return true;
            case Opcode.I32Ne or Opcode.I64Ne or Opcode.F32Ne or Opcode.F64Ne:
                Negated(OpCodes.Ceq);
                return true;
            case Opcode.I32LtS or Opcode.I64LtS or Opcode.F32Lt or Opcode.F64Lt:
                _il.Emit(OpCodes.Clt);
                return true;
            case Opcode.I32LtU or Opcode.I64LtU:
                _il.Emit(OpCodes.Clt_Un);
                return true;
            case Opcode.I32GtS or Opcode.I64GtS or Opcode.F32Gt or Opcode.F64Gt:
                _il.Emit(OpCodes.Cgt);
                return true;
            case Opcode.I32GtU or Opcode.I64GtU:
                _il.Emit(OpCodes.Cgt_Un);
                return true;
            case Opcode.I32LeS or Opcode.I64LeS:
                Negated(OpCodes.Cgt);
                return true;
            case Opcode.I32LeU or Opcode.I64LeU or Opcode.F32Le or Opcode.F64Le:
                // For floats cgt.un is "greater or unordered", so its negation is false for NaN as required.
                Negated(OpCodes.Cgt_Un);
                return true;
            case Opcode.I32GeS or Opcode.I64GeS:
                Negated(OpCodes.Clt);
                return true;
            case Opcode.I32GeU or Opcode.I64GeU or Opcode.F32Ge or Opcode.F64Ge:
                Negated(OpCodes.Clt_Un);
                return true;
            case Opcode.I32Add or Opcode.I64Add:
                _il.Emit(OpCodes.Add);
                return true;
            case Opcode.I32Sub or Opcode.I64Sub:
                _il.Emit(OpCodes.Sub);
                return true;
            case Opcode.I32Mul or Opcode.I64Mul:
                _il.Emit(OpCodes.Mul);
                return true;
            case Opcode.I32And or Opcode.I64And:
                _il.Emit(OpCodes.And);
                return true;
            case Opcode.I32Or or Opcode.I64Or:
                _il.Emit(OpCodes.Or);
                return true;
            case Opcode.I32Xor or Opcode.I64Xor:
                _il.Emit(OpCodes.Xor);
                return true;
            case Opcode.I32Shl:
                Shift(OpCodes.Shl, 31, wide: false);
                return true;
            case Opcode.I32ShrS:
                Shift(OpCodes.Shr, 31, wide: false);
                return true;
            case Opcode.I32ShrU:
                Shift(OpCodes.Shr_Un, 31, wide: false);
                return true;
            case Opcode.I64Shl:
                Shift(OpCodes.Shl, 63, wide: true);
                return true;
            case Opcode.I64ShrS:
                Shift(OpCodes.Shr, 63, wide: true);
                return true;
            case Opcode.I64ShrU:
                Shift(OpCodes.Shr_Un, 63, wide: true);
                return true;
            case Opcode.F32Add or Opcode.F64Add:
                return FloatArithmetic(OpCodes.Add, constantOperand, wide: op >= Opcode.F64Abs);
            case Opcode.F32Sub or Opcode.F64Sub:
                return FloatArithmetic(OpCodes.Sub, constantOperand, wide: op >= Opcode.F64Abs);
            case Opcode.F32Mul or Opcode.F64Mul:
                return FloatArithmetic(OpCodes.Mul, constantOperand, wide: op >= Opcode.F64Abs);
            case Opcode.F32Div or Opcode.F64Div:
                return FloatArithmetic(OpCodes.Div, constantOperand, wide: op >= Opcode.F64Abs);
            case Opcode.I32WrapI64:
                _il.Emit(OpCodes.Conv_I4);
                return true;
            case Opcode.I64ExtendI32S:
                _il.Emit(OpCodes.Conv_I8);
                return true;
            case Opcode.I64ExtendI32U:
                _il.Emit(OpCodes.Conv_U8);
                return true;
            case Opcode.F32ConvertI32S:
                _il.Emit(OpCodes.Conv_R4);
                return true;
            case Opcode.F64ConvertI32S:
            case Opcode.F64ConvertI64S:
            case Opcode.F64PromoteF32:
                _il.Emit(OpCodes.Conv_R8);
                return true;
            case Opcode.I32Extend8S:
                _il.Emit(OpCodes.Conv_I1);
                return true;
            case Opcode.I32Extend16S:
                _il.Emit(OpCodes.Conv_I2);
                return true;
            case Opcode.I64Extend8S:
                _il.Emit(OpCodes.Conv_I1);
                _il.Emit(OpCodes.Conv_I8);
                return true;
            case Opcode.I64Extend16S:
                _il.Emit(OpCodes.Conv_I2);
                _il.Emit(OpCodes.Conv_I8);
                return true;
            case Opcode.I64Extend32S:
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Conv_I8);
                return true;
            default:
                return false;
        }
    }

    private void Negated(OpCode compare)
    {
        _il.Emit(compare);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ceq);
    }

    // Wasm takes shift counts modulo the width; IL leaves counts >= width unspecified.
    private void Shift(OpCode shift, int mask, bool wide)
    {
        if (wide)
        {
            _il.Emit(OpCodes.Conv_I4);
        }

        LoadI32(mask);
        _il.Emit(OpCodes.And);
        _il.Emit(shift);
    }

    /// <summary>Plain IL arithmetic unless an operand is a constant, where the JIT could fold the operation
    /// away (x+0.0, x*1.0, …) and miss quieting a signalling NaN; then the opaque *Safe helper is called.</summary>
    private bool FloatArithmetic(OpCode opcode, bool constantOperand, bool wide)
    {
        if (!constantOperand)
        {
            _il.Emit(opcode);
            return true;
        }

        var name = (opcode == OpCodes.Add ? "Add" : opcode == OpCodes.Sub ? "Sub" : opcode == OpCodes.Mul ? "Mul" : "Div") + "Safe";
        EmitCall(Helper(typeof(NumericOps), (wide ? "F64" : "F32") + name));
        return true;
    }
}
