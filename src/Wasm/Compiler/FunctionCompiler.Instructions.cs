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

    private void Call(int index)
    {
        var module = _module.Module;
        var type = _module.FunctionTypes[index];
        LoadContext();
        if (index < module.ImportedFunctionCount)
        {
            EmitField(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Functions)));
            LoadI32(index);
            _il.Emit(OpCodes.Ldelem_Ref);
            _il.Emit(OpCodes.Call, _module.GetCallThunk(type));
        }
        else
        {
            _il.Emit(OpCodes.Call, _module.Methods[index - module.ImportedFunctionCount]);
        }

        AfterCall(type);
    }

    private void CallIndirect(int typeIndex, int table)
    {
        var type = _module.Module.Types[typeIndex];
        Pop();
        LoadContext();
        LoadI32(table);
        LoadI32(TypeRegistry.GetId(type));
        EmitCall(Helper(typeof(BulkOps), nameof(BulkOps.ResolveIndirect)));
        _il.Emit(OpCodes.Call, _module.GetCallThunk(type));
        AfterCall(type);
    }

    private void AfterCall(FuncType type)
    {
        for (var i = 0; i < type.Parameters.Length; i++)
        {
            Pop();
        }

        if (type.Results.Length > 1)
        {
            for (var i = 0; i < type.Results.Length; i++)
            {
                var result = type.Results[i];
                if (TypeRegistry.IsRef(result))
                {
                    EmitCall(Getter(typeof(MultiValue), nameof(MultiValue.Refs)));
                    LoadI32(i);
                    _il.Emit(OpCodes.Ldelem_Ref);
                }
                else
                {
                    EmitCall(Getter(typeof(MultiValue), nameof(MultiValue.Bits)));
                    LoadI32(i);
                    _il.Emit(OpCodes.Ldelem_I8);
                    EmitFromBits(result);
                }
            }
        }

        foreach (var result in type.Results)
        {
            Push(result);
        }

        ReloadMemory();
    }

    /// <summary>Calls a <see cref="BulkOps"/> helper with the context and immediates after the wasm operands.</summary>
    private void CallBulk(string name, params int[] immediates)
    {
        LoadContext();
        foreach (var immediate in immediates)
        {
            LoadI32(immediate);
        }

        EmitCall(Helper(typeof(BulkOps), name));
    }

    private void EmitMisc(uint sub)
    {
        switch ((MiscOpcode)sub)
        {
            case <= MiscOpcode.I64TruncSatF64U:
                var (name, to) = sub switch
                {
                    0 => (nameof(NumericOps.I32TruncSatF32S), ValueType.I32),
                    1 => (nameof(NumericOps.I32TruncSatF32U), ValueType.I32),
                    2 => (nameof(NumericOps.I32TruncSatF64S), ValueType.I32),
                    3 => (nameof(NumericOps.I32TruncSatF64U), ValueType.I32),
                    4 => (nameof(NumericOps.I64TruncSatF32S), ValueType.I64),
                    5 => (nameof(NumericOps.I64TruncSatF32U), ValueType.I64),
                    6 => (nameof(NumericOps.I64TruncSatF64S), ValueType.I64),
                    _ => (nameof(NumericOps.I64TruncSatF64U), ValueType.I64),
                };
                Pop();
                EmitCall(Helper(typeof(NumericOps), name));
                Push(to);
                return;
            case MiscOpcode.MemoryInit:
                var segment = (int)ReadU32();
                ReadByte();
                PopN(3);
                CallBulk(nameof(BulkOps.MemoryInit), segment);
                return;
            case MiscOpcode.DataDrop:
                CallBulk(nameof(BulkOps.DataDrop), (int)ReadU32());
                return;
            case MiscOpcode.MemoryCopy:
                ReadByte();
                ReadByte();
                PopN(3);
                CallBulk(nameof(BulkOps.MemoryCopy));
                return;
            case MiscOpcode.MemoryFill:
                ReadByte();
                PopN(3);
                CallBulk(nameof(BulkOps.MemoryFill));
                return;
            case MiscOpcode.TableInit:
                var elem = (int)ReadU32();
                PopN(3);
                CallBulk(nameof(BulkOps.TableInit), (int)ReadU32(), elem);
                return;
            case MiscOpcode.ElemDrop:
                CallBulk(nameof(BulkOps.ElemDrop), (int)ReadU32());
                return;
            case MiscOpcode.TableCopy:
                var dst = (int)ReadU32();
                PopN(3);
                CallBulk(nameof(BulkOps.TableCopy), dst, (int)ReadU32());
                return;
            case MiscOpcode.TableGrow:
                PopN(2);
                CallBulk(nameof(BulkOps.TableGrow), (int)ReadU32());
                Push(ValueType.I32);
                return;
            case MiscOpcode.TableSize:
                CallBulk(nameof(BulkOps.TableSize), (int)ReadU32());
                Push(ValueType.I32);
                return;
            case MiscOpcode.TableFill:
                PopN(3);
                CallBulk(nameof(BulkOps.TableFill), (int)ReadU32());
                return;
            default:
                throw new NotSupportedException($"opcode 0xfc {sub} is not supported");
        }
    }

    private void PopN(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Pop();
        }
    }

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
}
