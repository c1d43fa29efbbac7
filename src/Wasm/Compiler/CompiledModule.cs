using System.Reflection;
using Wharf.Wasm.Runtime;
using Module = Wharf.Wasm.Binary.Module;

namespace Wharf.Wasm.Compiler;

/// <summary>
/// The IL of one module: a static method per defined function taking <c>(params…, InstanceContext)</c>.
/// Instance-independent, so every instance of the module shares it; each instance only allocates
/// <see cref="WasmFunction"/> wrappers for the functions it exposes (exports, tables, ref.func).
/// </summary>
internal sealed class CompiledModule
{
    private readonly Delegate?[] _invokers;

    public CompiledModule(Module module, MethodInfo[] methods)
    {
        Module = module;
        Methods = methods;
        TypeIds = module.Types.Select(TypeRegistry.GetId).ToArray();
        _invokers = new Delegate?[methods.Length];
    }

    public Module Module { get; }

    public MethodInfo[] Methods { get; }

    /// <summary>Canonical id of each type index.</summary>
    public int[] TypeIds { get; }

    /// <summary>Wraps own function <paramref name="funcIndex"/> (function index space) for <paramref name="context"/>.</summary>
    public WasmFunction CreateFunction(int funcIndex, InstanceContext context)
    {
        var defined = funcIndex - Module.ImportedFunctionCount;
        if (defined < 0)
        {
            throw new InvalidOperationException($"imported function {funcIndex} was not linked");
        }

        var typeIndex = Module.FunctionTypes[defined];
        var type = Module.Types[typeIndex];

        // Open static delegates are instance-independent: create once per module (a benign race).
        var invoker = _invokers[defined] ??= Methods[defined].CreateDelegate(TypeRegistry.GetDelegateType(type));
        return new WasmFunction(type, TypeIds[typeIndex], invoker, context);
    }
}
