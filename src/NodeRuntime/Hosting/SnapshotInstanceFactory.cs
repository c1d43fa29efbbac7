using Wharf.NodeRuntime.Abi;
using Wharf.Wasm;

namespace Wharf.NodeRuntime.Hosting;

/// <summary>
/// Restores every request's instance from the engine snapshot (<see cref="WasmInstance.CreateSnapshot"/>) taken
/// right after pre-initialization, so <c>_initialize</c>/<c>wharf_init</c> run once per worker version (the ABI's
/// "Pre-initialization and snapshots"). The snapshot holds linear memory, globals, tables and dropped segments,
/// so it is exact for any module; restoring runs neither segment initialisation, the start function nor an
/// initializer. The slot's linker binds the <c>wharf</c> and WASI imports to the new instance, and the request's
/// <see cref="InstanceState"/> is reached through the slot, so nothing of the pre-initialization leaks in.
/// </summary>
internal sealed class SnapshotInstanceFactory : IInstanceFactory
{
    private readonly WasmModule _module;
    private readonly InstanceSnapshot _snapshot;

    private SnapshotInstanceFactory(WasmModule module, InstanceSnapshot snapshot)
    {
        _module = module;
        _snapshot = snapshot;
    }

    /// <summary>Snapshots <paramref name="initialized"/>, an instance right after its initializers.</summary>
    public static SnapshotInstanceFactory Capture(WasmModule module, WasmInstance initialized) =>
        new(module, initialized.CreateSnapshot());

    /// <summary>Bytes of linear memory held by the snapshot (its non-zero chunks).</summary>
    public long Size => _snapshot.MemoryBytes;

    public WasmInstance Create(WorkerSlot slot, InstanceOptions options, InstanceState state) =>
        slot.Linker.Instantiate(_module, _snapshot, options);
}
