using Wharf.Wasm.Runtime;
using Wharf.Wasm.Runtime.Snapshots;

namespace Wharf.Wasm;

/// <summary>An instantiated module: its memories, tables, globals and exported functions.</summary>
/// <remarks>An instance runs guest code on one thread at a time (like a wasm agent); use one instance per
/// concurrent request. <see cref="Interrupt"/> may be called from any thread.</remarks>
public sealed class WasmInstance : IDisposable
{
    internal WasmInstance(InstanceContext context, IReadOnlyDictionary<string, WasmExtern> exports)
    {
        Context = context;
        Exports = exports;
    }

    /// <summary>All exports by name.</summary>
    public IReadOnlyDictionary<string, WasmExtern> Exports { get; }

    internal InstanceContext Context { get; }

    /// <summary>The exported function <paramref name="name"/>, or null.</summary>
    public WasmFunction? GetFunction(string name) => Exports.GetValueOrDefault(name) as WasmFunction;

    /// <summary>The exported memory <paramref name="name"/>, or null.</summary>
    public WasmMemory? GetMemory(string name) => Exports.GetValueOrDefault(name) as WasmMemory;

    /// <summary>The exported global <paramref name="name"/>, or null.</summary>
    public WasmGlobal? GetGlobal(string name) => Exports.GetValueOrDefault(name) as WasmGlobal;

    /// <summary>The exported table <paramref name="name"/>, or null.</summary>
    public WasmTable? GetTable(string name) => Exports.GetValueOrDefault(name) as WasmTable;

    /// <summary>Captures this instance's current state — memories, globals and tables it defines, dropped
    /// segments — so <see cref="Linker.Instantiate(WasmModule, InstanceSnapshot, InstanceOptions?)"/> can create
    /// instances starting from it. Take it between invocations, e.g. right after running the initializers.</summary>
    /// <exception cref="InvalidOperationException">guest code is running in this instance (e.g. called from a
    /// host function).</exception>
    /// <exception cref="NotSupportedException">the module imports a memory or a table, whose state the instance
    /// does not own.</exception>
    public InstanceSnapshot CreateSnapshot() => SnapshotCapture.Capture(this, Context.Module);

    /// <summary>Makes guest code running in this instance trap "interrupted" within milliseconds
    /// (checked at function entries and loop back-edges). Does nothing when no guest code is running.</summary>
    public void Interrupt() => Context.RequestInterrupt(InterruptReason.Interrupted);

    /// <summary>Frees the native linear memory this instance defines without waiting for the GC — what a host that
    /// runs one short-lived instance per request wants. If guest code is running in the instance, the memory is
    /// freed when the outermost invocation returns. Afterwards invoking its functions throws
    /// <see cref="ObjectDisposedException"/>, and its memories are empty (accesses trap). Do not dispose an
    /// instance whose memory another instance imported and is still using.</summary>
    public void Dispose() => Context.RequestDispose();
}
