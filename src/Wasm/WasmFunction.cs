using Wharf.Wasm.Binary;
using Wharf.Wasm.Runtime;

namespace Wharf.Wasm;

/// <summary>A function: compiled wasm code bound to its instance, or a host function.</summary>
public sealed class WasmFunction : WasmExtern
{
    private FunctionSignature? _signature;

    internal WasmFunction(FuncType type, int typeId, Delegate invoker, InstanceContext context)
    {
        Type = type;
        TypeId = typeId;
        Invoker = invoker;
        Context = context;
    }

    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Function;

    /// <summary>Parameter and result types.</summary>
    public FunctionSignature Signature => _signature ??= new FunctionSignature(Type.Parameters, Type.Results);

    internal FuncType Type { get; }

    /// <summary>Process-wide id of the structural type; compared by <c>call_indirect</c>.</summary>
    internal int TypeId { get; }

    /// <summary>Open static delegate <c>(params…, InstanceContext) → result</c> of the signature's delegate type.</summary>
    internal Delegate Invoker { get; }

    /// <summary>The context passed as the last argument: the owning instance (the importer for host functions).</summary>
    internal InstanceContext Context { get; }

    /// <summary>Calls the function. Traps surface as <see cref="WasmTrapException"/>; a host exception
    /// thrown inside becomes a trap, except <see cref="WasmExitException"/>.</summary>
    public WasmValue[] Invoke(params WasmValue[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parameters = Type.Parameters;
        if (args.Length != parameters.Length)
        {
            throw new ArgumentException($"expected {parameters.Length} arguments, got {args.Length}", nameof(args));
        }

        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].Type != parameters[i])
            {
                throw new ArgumentException($"argument {i} must be {parameters[i]}, got {args[i].Type}", nameof(args));
            }

            if (parameters[i] == ValueType.FuncRef && args[i].Ref is not (null or WasmFunction))
            {
                throw new ArgumentException($"argument {i} must be a WasmFunction or null", nameof(args));
            }
        }

        var results = new WasmValue[Type.Results.Length];
        Context.RunTopLevel(this, args, results);
        return results;
    }
}
