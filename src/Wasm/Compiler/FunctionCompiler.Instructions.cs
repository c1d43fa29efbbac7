using System.Reflection.Emit;
using Wharf.Wasm.Binary;
using Wharf.Wasm.Runtime;

namespace Wharf.Wasm.Compiler;

/// <summary>Instruction selection for everything but control flow.</summary>
internal sealed partial class FunctionCompiler
{
    private void Emit(byte op)
    {
        switch ((Opcode)op)
        {
            case Opcode.Unreachable:
                _il.Emit(OpCodes.Ldstr, "unreachable");
                _il.Emit(OpCodes.Newobj, typeof(WasmTrapException).GetConstructor([typeof(string)])!);
                _il.Emit(OpCodes.Throw);
                MarkDead();
                return;
            case Opcode.Nop:
                return;
            case Opcode.Block:
                EnterBlock(FrameKind.Block);
                return;
            case Opcode.Loop:
                EnterBlock(FrameKind.Loop);
                return;
            case Opcode.If:
                EnterBlock(FrameKind.If);
                return;
            case Opcode.Else:
                Else();
                return;
            case Opcode.End:
                End();
                return;
            case Opcode.Br:
                Branch((int)ReadU32());
                return;
            case Opcode.BrIf:
                BranchIf((int)ReadU32());
                return;
            case Opcode.BrTable:
                BranchTable();
                return;
            case Opcode.Return:
                Branch(_frames.Count - 1);
                return;
            case Opcode.Call:
                Call((int)ReadU32());
                return;
            case Opcode.CallIndirect:
                CallIndirect((int)ReadU32(), (int)ReadU32());
                return;
            case Opcode.Drop:
                Pop();
                _il.Emit(OpCodes.Pop);
                return;
            case Opcode.Select:
                Select();
                return;
            case Opcode.SelectTyped:
                for (var n = ReadU32(); n > 0; n--)
                {
                    ReadByte();
                }

                Select();
                return;
            case Opcode.LocalGet:
                LocalGet((int)ReadU32());
                return;
            case Opcode.LocalSet:
                LocalSet((int)ReadU32(), tee: false);
                return;
            case Opcode.LocalTee:
                LocalSet((int)ReadU32(), tee: true);
                return;
            case Opcode.GlobalGet:
                GlobalGet((int)ReadU32());
                return;
            case Opcode.GlobalSet:
                GlobalSet((int)ReadU32());
                return;
            case Opcode.TableGet:
                var getTable = (int)ReadU32();
                Pop();
                CallBulk(nameof(BulkOps.TableGet), getTable);
                Push(TableElementType(getTable));
                return;
            case Opcode.TableSet:
                Pop();
                Pop();
                CallBulk(nameof(BulkOps.TableSet), (int)ReadU32());
                return;
            case Opcode.MemorySize:
                ReadByte();
                _il.Emit(OpCodes.Ldloc, _memoryLength!);
                LoadI32(16);
                _il.Emit(OpCodes.Shr_Un);
                _il.Emit(OpCodes.Conv_I4);
                Push(ValueType.I32);
                return;
            case Opcode.MemoryGrow:
                ReadByte();
                LoadContext();
                EmitCall(Helper(typeof(BulkOps), nameof(BulkOps.MemoryGrow)));
                ReloadMemory();
                return;
            case Opcode.I32Const:
                LoadI32((int)ReadSigned());
                Push(ValueType.I32);
                return;
            case Opcode.I64Const:
                LoadI64(ReadSigned());
                Push(ValueType.I64);
                return;
            case Opcode.F32Const:
                EmitF32Const(ReadFixed32());
                return;
            case Opcode.F64Const:
                var f64 = BitConverter.UInt64BitsToDouble(ReadFixed64());
                _il.Emit(OpCodes.Ldc_R8, f64);
                Push(ValueType.F64, f64);
                return;
            case Opcode.RefNull:
                var refType = (ValueType)ReadByte();
                _il.Emit(OpCodes.Ldnull);
                Push(refType);
                return;
            case Opcode.RefIsNull:
                Pop();
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Ceq);
                Push(ValueType.I32);
                return;
            case Opcode.RefFunc:
                LoadContext();
                LoadI32((int)ReadU32());
                EmitCall(Helper(typeof(InstanceContext), nameof(InstanceContext.GetFunction)));
                Push(ValueType.FuncRef);
                return;
            case Opcode.MiscPrefix:
                EmitMisc(ReadU32());
                return;
            case Opcode.SimdPrefix:
                throw ModuleCompiler.SimdNotSupported();
        }

        if (op is >= 0x28 and <= 0x3E)
        {
            EmitMemoryAccess((Opcode)op);
            return;
        }

        if (op is >= 0x45 and <= 0xC4)
        {
            EmitNumeric((Opcode)op);
            return;
        }

        throw new NotSupportedException($"opcode 0x{op:x2} is not supported");
    }

    private void EmitF32Const(uint bits)
    {
        var value = BitConverter.UInt32BitsToSingle(bits);
        if (float.IsNaN(value))
        {
            // The JIT keeps float constants as doubles, which could quiet a signalling NaN.
            LoadI32((int)bits);
            EmitCall(Helper(typeof(NumericOps), nameof(NumericOps.F32FromBitsOpaque)));
        }
        else
        {
            _il.Emit(OpCodes.Ldc_R4, value);
        }

        Push(ValueType.F32, value);
    }

    private void LocalGet(int index)
    {
        if (index < _contextArg)
        {
            LoadArg(index);
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, _locals[index - _contextArg]);
        }

        Push(_localTypes[index]);
    }

    private void LocalSet(int index, bool tee)
    {
        if (tee)
        {
            _il.Emit(OpCodes.Dup);
        }
        else
        {
            Pop();
        }

        if (index < _contextArg)
        {
            if (index < 256)
            {
                _il.Emit(OpCodes.Starg_S, (byte)index);
            }
            else
            {
                _il.Emit(OpCodes.Starg, (short)index);
            }

        }
        else
        {
            _il.Emit(OpCodes.Stloc, _locals[index - _contextArg]);
        }
    }

    private void GlobalGet(int index)
    {
        var type = GlobalType(index);
        LoadContext();
        EmitField(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Globals)));
        LoadI32(index);
        _il.Emit(OpCodes.Ldelem_Ref);
        if (TypeRegistry.IsRef(type))
        {
            EmitField(OpCodes.Ldfld, Field(typeof(WasmGlobal), nameof(WasmGlobal.RefValue)));
        }
        else
        {
            EmitField(OpCodes.Ldfld, Field(typeof(WasmGlobal), nameof(WasmGlobal.Bits)));
            EmitFromBits(type);
        }

        Push(type);
    }

    private void GlobalSet(int index)
    {
        var type = Pop();
        var value = Rent(type);
        _il.Emit(OpCodes.Stloc, value);
        LoadContext();
        EmitField(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Globals)));
        LoadI32(index);
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Ldloc, value);
        Return(type, value);
        if (TypeRegistry.IsRef(type))
        {
            EmitField(OpCodes.Stfld, Field(typeof(WasmGlobal), nameof(WasmGlobal.RefValue)));
        }
        else
        {
            EmitToBits(type);
            EmitField(OpCodes.Stfld, Field(typeof(WasmGlobal), nameof(WasmGlobal.Bits)));
        }
    }

    private ValueType GlobalType(int index) => _module.GlobalTypes[index];

    private ValueType TableElementType(int index) => _module.TableTypes[index];

    /// <summary>Converts raw 64-bit global/multi-value bits on the stack to <paramref name="type"/>.</summary>
    private void EmitFromBits(ValueType type)
    {
        switch (type)
        {
            case ValueType.I32:
                _il.Emit(OpCodes.Conv_I4);
                break;
            case ValueType.F32:
                _il.Emit(OpCodes.Conv_I4);
                EmitCall(Helper(typeof(NumericOps), nameof(NumericOps.F32ReinterpretI32)));
                break;
            case ValueType.F64:
                EmitCall(Helper(typeof(NumericOps), nameof(NumericOps.F64ReinterpretI64)));
                break;
        }
    }

    /// <summary>Converts a value of <paramref name="type"/> on the stack to raw 64-bit bits.</summary>
    private void EmitToBits(ValueType type)
    {
        switch (type)
        {
            case ValueType.I32:
                _il.Emit(OpCodes.Conv_I8);
                break;
            case ValueType.F32:
                EmitCall(Helper(typeof(NumericOps), nameof(NumericOps.I32ReinterpretF32)));
                _il.Emit(OpCodes.Conv_I8);
                break;
            case ValueType.F64:
                EmitCall(Helper(typeof(NumericOps), nameof(NumericOps.I64ReinterpretF64)));
                break;
        }
    }

    private void Select()
    {
        Pop();
        Pop();
        var type = Peek();
        _constant[^1] = null;
        var helper = type switch
        {
            ValueType.I32 => nameof(NumericOps.SelectI32),
            ValueType.I64 => nameof(NumericOps.SelectI64),
            ValueType.F32 => nameof(NumericOps.SelectF32),
            ValueType.F64 => nameof(NumericOps.SelectF64),
            _ => nameof(NumericOps.SelectRef),
        };
        EmitCall(Helper(typeof(NumericOps), helper));
    }
}
