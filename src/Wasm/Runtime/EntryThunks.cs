using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Runtime;

/// <summary>Unpacks <see cref="WasmValue"/> arguments, calls a function's typed invoker and packs the results.</summary>
internal delegate void EntryThunk(WasmFunction function, WasmValue[] args, WasmValue[] results);

/// <summary>
/// One small generated method per signature bridges the untyped public <see cref="WasmFunction.Invoke"/>
/// to the typed delegates compiled code uses, without boxing each value.
/// </summary>
internal static class EntryThunks
{
    private static readonly ConcurrentDictionary<FuncType, EntryThunk> Cache = new();

    public static EntryThunk Get(FuncType type) => Cache.GetOrAdd(type, Create);

    private static EntryThunk Create(FuncType type)
    {
        var delegateType = TypeRegistry.GetDelegateType(type);
        var method = new DynamicMethod(
            "entry", typeof(void), [typeof(WasmFunction), typeof(WasmValue[]), typeof(WasmValue[])], typeof(EntryThunks).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, Getter(typeof(WasmFunction), nameof(WasmFunction.Invoker)));
        il.Emit(OpCodes.Castclass, delegateType);
        for (var i = 0; i < type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelema, typeof(WasmValue));
            EmitUnpack(il, type.Parameters[i]);
        }

        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, Getter(typeof(WasmFunction), nameof(WasmFunction.Context)));
        il.Emit(OpCodes.Callvirt, delegateType.GetMethod("Invoke")!);
        if (type.Results.Length == 1)
        {
            var result = il.DeclareLocal(TypeRegistry.ClrType(type.Results[0]));
            il.Emit(OpCodes.Stloc, result);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4_0);
            EmitPack(il, type.Results[0], () => il.Emit(OpCodes.Ldloc, result));
            il.Emit(OpCodes.Stelem, typeof(WasmValue));
        }
        else if (type.Results.Length > 1)
        {
            for (var i = 0; i < type.Results.Length; i++)
            {
                var index = i;
                var resultType = type.Results[i];
                il.Emit(OpCodes.Ldarg_2);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Ldc_I4, (int)resultType);
                if (TypeRegistry.IsRef(resultType))
                {
                    il.Emit(OpCodes.Call, Getter(typeof(MultiValue), nameof(MultiValue.Refs)));
                    il.Emit(OpCodes.Ldc_I4, index);
                    il.Emit(OpCodes.Ldelem_Ref);
                    il.Emit(OpCodes.Call, typeof(WasmValue).GetMethod(nameof(WasmValue.FromRef))!);
                }
                else
                {
                    il.Emit(OpCodes.Call, Getter(typeof(MultiValue), nameof(MultiValue.Bits)));
                    il.Emit(OpCodes.Ldc_I4, index);
                    il.Emit(OpCodes.Ldelem_I8);
                    il.Emit(OpCodes.Call, Method(typeof(WasmValue), nameof(WasmValue.FromBits)));
                }

                il.Emit(OpCodes.Stelem, typeof(WasmValue));
            }
        }

        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<EntryThunk>();
    }

    /// <summary>Consumes the address of a <see cref="WasmValue"/> and pushes its CLR value.</summary>
    internal static void EmitUnpack(ILGenerator il, ValueType type)
    {
        var name = type switch
        {
            ValueType.I32 => nameof(WasmValue.I32),
            ValueType.I64 => nameof(WasmValue.I64),
            ValueType.F32 => nameof(WasmValue.F32),
            ValueType.F64 => nameof(WasmValue.F64),
            _ => nameof(WasmValue.Ref),
        };
        il.Emit(OpCodes.Call, Getter(typeof(WasmValue), name));
    }

    /// <summary>Pushes a <see cref="WasmValue"/> built from the CLR value <paramref name="load"/> pushes.</summary>
    internal static void EmitPack(ILGenerator il, ValueType type, Action load)
    {
        if (TypeRegistry.IsRef(type))
        {
            il.Emit(OpCodes.Ldc_I4, (int)type);
            load();
            il.Emit(OpCodes.Call, typeof(WasmValue).GetMethod(nameof(WasmValue.FromRef))!);
            return;
        }

        load();
        var name = type switch
        {
            ValueType.I32 => nameof(WasmValue.FromI32),
            ValueType.I64 => nameof(WasmValue.FromI64),
            ValueType.F32 => nameof(WasmValue.FromF32),
            _ => nameof(WasmValue.FromF64),
        };
        il.Emit(OpCodes.Call, typeof(WasmValue).GetMethod(name)!);
    }

    internal static MethodInfo Getter(Type type, string property) =>
        type.GetProperty(property, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)!.GetMethod!;

    internal static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)!;
}
