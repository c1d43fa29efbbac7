using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Wharf.Wasm.Binary;
using Wharf.Wasm.Runtime;
using Module = Wharf.Wasm.Binary.Module;

namespace Wharf.Wasm.Compiler;

/// <summary>
/// Compiles a validated module to IL.
/// <para>
/// Why one collectible <see cref="AssemblyBuilder"/> with one <see cref="TypeBuilder"/> rather than a
/// <see cref="DynamicMethod"/> per function: methods of one type call each other with a plain IL
/// <c>call</c> to a method token, so wasm direct calls stay direct and can be inlined; the CLR JITs each
/// method lazily on its first call (emitting IL for ~1,300 QuickJS functions is cheap, JITting them all
/// would not be); the whole module is one unit the GC can collect (RunAndCollect) once no instance,
/// delegate or module references it. <c>IgnoresAccessChecksTo</c> lets the generated code call the
/// engine's internal helpers and fields without making them public.
/// </para>
/// </summary>
internal static class ModuleCompiler
{
    /// <summary>
    /// Most parameters + locals per function. Locals become IL locals in the native frame, which the JIT
    /// allocates (and probes) in the prologue before the function's own stack check can run; capping the
    /// frame at tens of KiB keeps it inside the headroom the previous check guaranteed, so a hostile module
    /// cannot overflow the native stack with one enormous frame.
    /// </summary>
    internal const int MaxLocals = 4096;

    private static int _counter;

    public static CompiledModule Compile(Module module, EngineOptions options)
    {
        foreach (var type in module.Types)
        {
            if (type.Parameters.Contains(ValueType.V128) || type.Results.Contains(ValueType.V128))
            {
                throw SimdNotSupported();
            }

            if (type.Results.Length > MultiValue.Capacity)
            {
                throw new NotSupportedException($"functions with more than {MultiValue.Capacity} results are not supported");
            }
        }

        if (module.Globals.Any(g => g.Type.Type == ValueType.V128) ||
            module.Imports.Any(i => i.Kind == ExternalKind.Global && i.Global.Type == ValueType.V128))
        {
            throw SimdNotSupported();
        }

        for (var i = 0; i < module.Code.Length; i++)
        {
            var count = module.Types[module.FunctionTypes[i]].Parameters.Length + module.Code[i].Locals.Length;
            if (count > MaxLocals)
            {
                throw new NotSupportedException(
                    $"function {module.ImportedFunctionCount + i} has {count} parameters and locals; at most {MaxLocals} are supported");
            }
        }

        var name = new AssemblyName($"Wharf.Wasm.Generated{Interlocked.Increment(ref _counter)}");
        var assembly = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.RunAndCollect);
        assembly.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!,
            [typeof(ModuleCompiler).Assembly.GetName().Name!]));
        var typeBuilder = assembly.DefineDynamicModule(name.Name!)
            .DefineType("WasmCode", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract);
        var context = new ModuleContext(module, typeBuilder);
        for (var i = 0; i < module.FunctionTypes.Length; i++)
        {
            var type = module.Types[module.FunctionTypes[i]];
            var builder = typeBuilder.DefineMethod(
                FunctionName(module, module.ImportedFunctionCount + i),
                MethodAttributes.Public | MethodAttributes.Static,
                TypeRegistry.ReturnType(type),
                ParameterTypes(type));
            if (!options.TieredCompilation)
            {
                builder.SetImplementationFlags(MethodImplAttributes.AggressiveOptimization);
            }

            context.Methods[i] = builder;
        }

        for (var i = 0; i < module.FunctionTypes.Length; i++)
        {
            new FunctionCompiler(context, i).Compile();
        }

        var created = typeBuilder.CreateType();
        var methods = context.Methods
            .Select(m => (MethodInfo)created.Module.ResolveMethod(m.MetadataToken)!)
            .ToArray();
        return new CompiledModule(module, methods);
    }

    internal static NotSupportedException SimdNotSupported() => new("SIMD execution is not supported");

    internal static Type[] ParameterTypes(FuncType type)
    {
        var parameters = new Type[type.Parameters.Length + 1];
        for (var p = 0; p < type.Parameters.Length; p++)
        {
            parameters[p] = TypeRegistry.ClrType(type.Parameters[p]);
        }

        parameters[^1] = typeof(InstanceContext);
        return parameters;
    }

    private static string FunctionName(Module module, int index)
    {
        // Wasm names make stack traces readable; the index keeps them unique.
        var wasmName = module.Names?.FunctionNames.GetValueOrDefault((uint)index);
        return wasmName is null ? $"f{index}" : $"f{index}_{wasmName}";
    }
}

/// <summary>Per-module state shared by the function compilers: method builders and call thunks.</summary>
internal sealed class ModuleContext(Module module, TypeBuilder type)
{
    private readonly Dictionary<FuncType, MethodBuilder> _thunks = [];
    private readonly Dictionary<MemberInfo, int> _tokens = [];
    private readonly ModuleBuilder _moduleBuilder = (ModuleBuilder)type.Module;

    public Module Module { get; } = module;

    public MethodBuilder[] Methods { get; } = new MethodBuilder[module.FunctionTypes.Length];

    public bool HasMemory { get; } = module.TotalMemoryCount > 0;

    /// <summary>Value type of each global in the global index space (imports first).</summary>
    public ValueType[] GlobalTypes { get; } = [.. module.Imports.Where(i => i.Kind == ExternalKind.Global).Select(i => i.Global.Type),
        .. module.Globals.Select(g => g.Type.Type)];

    /// <summary>Element type of each table in the table index space (imports first).</summary>
    public ValueType[] TableTypes { get; } = [.. module.Imports.Where(i => i.Kind == ExternalKind.Table).Select(i => i.Table.ElementType),
        .. module.Tables.Select(t => t.ElementType)];

    /// <summary>Function types by function index (imports first).</summary>
    public FuncType[] FunctionTypes { get; } = Enumerable.Range(0, module.TotalFunctionCount).Select(module.GetFunctionType).ToArray();

    /// <summary>The module binary as an array (function bodies are offsets into it).</summary>
    public byte[] Code { get; } = module.Bytes.ToArray();

    /// <summary>Metadata token of an engine helper method, created once per module.</summary>
    public int Token(MethodInfo method)
    {
        if (!_tokens.TryGetValue(method, out var token))
        {
            token = _moduleBuilder.GetMethodMetadataToken(method);
            _tokens[method] = token;
        }

        return token;
    }

    /// <summary>Metadata token of an engine field, created once per module.</summary>
    public int Token(FieldInfo field)
    {
        if (!_tokens.TryGetValue(field, out var token))
        {
            token = _moduleBuilder.GetFieldMetadataToken(field);
            _tokens[field] = token;
        }

        return token;
    }

    /// <summary>
    /// A static method <c>(params…, WasmFunction) → result</c> that calls a function object through its
    /// typed invoker with its own context; used for imported functions and call_indirect, where the
    /// function object is only known at run time and arrives last on the IL stack.
    /// </summary>
    public MethodBuilder GetCallThunk(FuncType funcType)
    {
        if (_thunks.TryGetValue(funcType, out var thunk))
        {
            return thunk;
        }

        var parameters = ModuleCompiler.ParameterTypes(funcType);
        parameters[^1] = typeof(WasmFunction);
        thunk = type.DefineMethod($"call{_thunks.Count}", MethodAttributes.Public | MethodAttributes.Static, TypeRegistry.ReturnType(funcType), parameters);
        var delegateType = TypeRegistry.GetDelegateType(funcType);
        var il = thunk.GetILGenerator();
        var fn = (short)funcType.Parameters.Length;
        il.Emit(OpCodes.Ldarg, fn);
        il.Emit(OpCodes.Call, EntryThunks.Getter(typeof(WasmFunction), nameof(WasmFunction.Invoker)));
        il.Emit(OpCodes.Castclass, delegateType);
        for (short i = 0; i < fn; i++)
        {
            il.Emit(OpCodes.Ldarg, i);
        }

        il.Emit(OpCodes.Ldarg, fn);
        il.Emit(OpCodes.Call, EntryThunks.Getter(typeof(WasmFunction), nameof(WasmFunction.Context)));
        il.Emit(OpCodes.Callvirt, delegateType.GetMethod("Invoke")!);
        il.Emit(OpCodes.Ret);
        _thunks[funcType] = thunk;
        return thunk;
    }
}
