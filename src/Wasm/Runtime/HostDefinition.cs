using System.Reflection.Emit;
using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Runtime;

/// <summary>
/// A host function defined in a <see cref="Linker"/>. Its invoker is a generated adapter with the
/// compiled-code calling convention <c>(params…, InstanceContext) → result</c>; each importing instance
/// gets its own <see cref="WasmFunction"/> whose context supplies the <see cref="Caller"/>.
/// </summary>
internal sealed class HostDefinition
{
    private readonly HostFunction? _untyped;

    private HostDefinition(FuncType type, HostFunction? untyped)
    {
        Type = type;
        TypeId = TypeRegistry.GetId(type);
        _untyped = untyped;
        Invoker = null!;
    }

    public FuncType Type { get; }

    public int TypeId { get; }

    public Delegate Invoker { get; private set; }

    public WasmFunction Bind(InstanceContext importer) => new(Type, TypeId, Invoker, importer);

    public static HostDefinition FromUntyped(FunctionSignature signature, HostFunction callback)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(callback);
        var type = new FuncType([.. signature.Parameters], [.. signature.Results]);
        foreach (var t in type.Parameters.Concat(type.Results))
        {
            _ = TypeRegistry.ClrType(t);
        }

        if (type.Results.Length > MultiValue.Capacity)
        {
            throw new ArgumentException("too many results", nameof(signature));
        }

        var definition = new HostDefinition(type, callback);
        var method = NewAdapter(type, typeof(HostDefinition), out var il);
        var args = il.DeclareLocal(typeof(WasmValue[]));
        il.Emit(OpCodes.Ldc_I4, type.Parameters.Length);
        il.Emit(OpCodes.Newarr, typeof(WasmValue));
        il.Emit(OpCodes.Stloc, args);
        for (var i = 0; i < type.Parameters.Length; i++)
        {
            var arg = (short)(i + 1);
            il.Emit(OpCodes.Ldloc, args);
            il.Emit(OpCodes.Ldc_I4, i);
            EntryThunks.EmitPack(il, type.Parameters[i], () => il.Emit(OpCodes.Ldarg, arg));
            il.Emit(OpCodes.Stelem, typeof(WasmValue));
        }

        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg, (short)(type.Parameters.Length + 1));
        il.Emit(OpCodes.Ldloc, args);
        il.Emit(OpCodes.Call, EntryThunks.Method(typeof(HostDefinition), nameof(InvokeUntyped)));
        if (type.Results.Length == 1)
        {
            var result = il.DeclareLocal(typeof(WasmValue));
            il.Emit(OpCodes.Stloc, result);
            il.Emit(OpCodes.Ldloca, result);
            EntryThunks.EmitUnpack(il, type.Results[0]);
        }
        else
        {
            il.Emit(OpCodes.Pop);
        }

        il.Emit(OpCodes.Ret);
        definition.Invoker = method.CreateDelegate(TypeRegistry.GetDelegateType(type), definition);
        return definition;
    }

    /// <summary>Wraps a typed delegate such as <c>Func&lt;Caller, int, int, int&gt;</c> (the Caller is optional).</summary>
    public static HostDefinition FromTyped(Delegate typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var invoke = typed.GetType().GetMethod("Invoke")!;
        var parameters = invoke.GetParameters().Select(p => p.ParameterType).ToArray();
        var withCaller = parameters.Length > 0 && parameters[0] == typeof(Caller);
        var wasmParams = parameters.Skip(withCaller ? 1 : 0).Select(ToValueType).ToArray();
        var wasmResults = invoke.ReturnType == typeof(void) ? [] : new[] { ToValueType(invoke.ReturnType) };
        var type = new FuncType(wasmParams, wasmResults);
        var definition = new HostDefinition(type, null);
        var method = NewAdapter(type, typeof(Delegate), out var il);
        var delegateType = typed.GetType();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, delegateType);
        if (withCaller)
        {
            il.Emit(OpCodes.Ldarg, (short)(wasmParams.Length + 1));
            il.Emit(OpCodes.Call, EntryThunks.Getter(typeof(InstanceContext), nameof(InstanceContext.Caller)));
        }

        for (var i = 0; i < wasmParams.Length; i++)
        {
            il.Emit(OpCodes.Ldarg, (short)(i + 1));
        }

        il.Emit(OpCodes.Callvirt, invoke);
        il.Emit(OpCodes.Ret);
        definition.Invoker = method.CreateDelegate(TypeRegistry.GetDelegateType(type), typed);
        return definition;
    }

    private static ValueType ToValueType(Type clr)
    {
        if (clr == typeof(int) || clr == typeof(uint))
        {
            return ValueType.I32;
        }

        if (clr == typeof(long) || clr == typeof(ulong))
        {
            return ValueType.I64;
        }

        if (clr == typeof(float))
        {
            return ValueType.F32;
        }

        if (clr == typeof(double))
        {
            return ValueType.F64;
        }

        if (clr == typeof(object))
        {
            return ValueType.ExternRef;
        }

        throw new ArgumentException(
            $"host function parameter/result type {clr} is not supported (use int, uint, long, ulong, float, double or object for externref)");
    }

    private static DynamicMethod NewAdapter(FuncType type, Type target, out ILGenerator il)
    {
        var parameters = new Type[type.Parameters.Length + 2];
        parameters[0] = target;
        for (var i = 0; i < type.Parameters.Length; i++)
        {
            parameters[i + 1] = TypeRegistry.ClrType(type.Parameters[i]);
        }

        parameters[^1] = typeof(InstanceContext);
        var method = new DynamicMethod("host", TypeRegistry.ReturnType(type), parameters, typeof(HostDefinition).Module, skipVisibility: true);
        il = method.GetILGenerator();
        return method;
    }

    private WasmValue InvokeUntyped(InstanceContext context, WasmValue[] args)
    {
        var resultTypes = Type.Results;
        var results = new WasmValue[resultTypes.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = WasmValue.Default(resultTypes[i]);
        }

        _untyped!(context.Caller, args, results);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Type != resultTypes[i])
            {
                throw new WasmTrapException($"host function returned {results[i].Type} for result {i}, expected {resultTypes[i]}");
            }

            if (resultTypes[i] == ValueType.FuncRef && results[i].Ref is not (null or WasmFunction))
            {
                throw new WasmTrapException("host function returned a funcref that is not a WasmFunction");
            }
        }

        if (results.Length > 1)
        {
            var bits = MultiValue.Bits;
            var refs = MultiValue.Refs;
            for (var i = 0; i < results.Length; i++)
            {
                bits[i] = results[i].Bits;
                refs[i] = results[i].Ref;
            }
        }

        return results.Length > 0 ? results[0] : default;
    }
}
