using Wharf.Wasm.Runtime;
using Wharf.Wasm.Runtime.Snapshots;

namespace Wharf.Wasm;

/// <summary>Resolves a module's imports by (module, name) and instantiates it.</summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), object> _definitions = [];

    /// <summary>Creates an empty linker for modules compiled by <paramref name="engine"/>.</summary>
    public Linker(WasmEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
    }

    /// <summary>The engine whose options apply to instances.</summary>
    public WasmEngine Engine { get; }

    /// <summary>Defines an untyped host function with an explicit signature.</summary>
    public Linker DefineFunction(string module, string name, FunctionSignature signature, HostFunction callback)
    {
        Add(module, name, HostDefinition.FromUntyped(signature, callback));
        return this;
    }

    /// <summary>Defines a host function from a typed delegate, e.g. <c>Func&lt;Caller, int, int, int&gt;</c>.
    /// CLR int/uint, long/ulong, float, double map to i32, i64, f32, f64 and object to externref; a leading
    /// <see cref="Caller"/> parameter is optional. Called without boxing.</summary>
    public Linker DefineFunction(string module, string name, Delegate typed)
    {
        Add(module, name, HostDefinition.FromTyped(typed));
        return this;
    }

    /// <summary>Defines an existing function, memory, table or global.</summary>
    public Linker Define(string module, string name, WasmExtern item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Add(module, name, item);
        return this;
    }

    /// <summary>Defines every export of <paramref name="instance"/> under <paramref name="module"/> (the spec's "register").</summary>
    public Linker DefineInstance(string module, WasmInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var (name, item) in instance.Exports)
        {
            Add(module, name, item);
        }

        return this;
    }

    /// <summary>Links and instantiates <paramref name="module"/>: resolves imports (<see cref="WasmLinkException"/>
    /// "unknown import" / "incompatible import type"), initialises segments and runs the start function.</summary>
    public WasmInstance Instantiate(WasmModule module, InstanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Instantiator.Instantiate(this, module, options ?? new InstanceOptions());
    }

    /// <summary>Links <paramref name="module"/> and creates an instance whose memories, tables and globals start
    /// as captured in <paramref name="snapshot"/> (<see cref="WasmInstance.CreateSnapshot"/>): segments are not
    /// initialised again and neither the start function nor any export runs. Imports are resolved by this linker,
    /// so host functions see the new instance as their caller. <paramref name="options"/> apply as usual; a
    /// <see cref="InstanceOptions.MaxMemoryPages"/> below the snapshot's memory size fails.</summary>
    /// <exception cref="ArgumentException"><paramref name="snapshot"/> was taken from an instance of another module.</exception>
    /// <exception cref="WasmLinkException">an import cannot be resolved, or the snapshot's memory exceeds the limit.</exception>
    public WasmInstance Instantiate(WasmModule module, InstanceSnapshot snapshot, InstanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(snapshot);
        return SnapshotRestore.Restore(this, module, snapshot, options ?? new InstanceOptions());
    }

    internal object? Resolve(string module, string name) => _definitions.GetValueOrDefault((module, name));

    private void Add(string module, string name, object definition)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        _definitions[(module, name)] = definition;
    }
}
