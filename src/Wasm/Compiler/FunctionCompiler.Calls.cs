using System.Reflection.Emit;
using Wharf.Wasm.Binary;
using Wharf.Wasm.Runtime;

namespace Wharf.Wasm.Compiler;

/// <summary>Calls (direct, imported, indirect) and the 0xFC-prefixed saturating, bulk-memory and table instructions.</summary>
internal sealed partial class FunctionCompiler
{
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
}
