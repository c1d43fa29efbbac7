using Wharf.NodeRuntime.Abi;
using Wharf.Wasm;

namespace Wharf.NodeRuntime.Hosting;

/// <summary>
/// Restores every request's instance from the linear memory captured after pre-initialization, so
/// <c>_initialize</c>/<c>wharf_init</c> run once per worker version (the ABI's snapshot). The engine has no
/// instance snapshot API yet, so this captures what the public API reaches — linear memory — and is used only
/// for modules where that is the whole mutable state: at most one mutable global (the toolchain's shadow-stack
/// pointer, which is back at its initial value once the initializers have returned), none imported or exported,
/// no start function (<see cref="ModuleInspector.IsMemorySnapshotSafe"/>). Other modules keep the
/// <see cref="ReinitInstanceFactory"/>. Tables are not captured: C/C++/Rust/QuickJS code never changes them.
/// </summary>
internal sealed class SnapshotInstanceFactory : IInstanceFactory
{
    private readonly WasmModule _module;
    private readonly byte[] _memory;
    private readonly uint _pages;

    private SnapshotInstanceFactory(WasmModule module, byte[] memory, uint pages)
    {
        _module = module;
        _memory = memory;
        _pages = pages;
    }

    /// <summary>Captures the memory of <paramref name="initialized"/>, an instance right after its initializers.</summary>
    public static SnapshotInstanceFactory Capture(WasmModule module, WasmInstance initialized)
    {
        var memory = initialized.GetMemory("memory")!;
        var image = memory.GetSpan(0, checked((int)memory.Length)).ToArray();
        return new SnapshotInstanceFactory(module, image, memory.Pages);
    }

    /// <summary>Bytes held by the snapshot.</summary>
    public int Size => _memory.Length;

    public WasmInstance Create(WorkerSlot slot, InstanceOptions options, InstanceState state)
    {
        var instance = slot.Linker.Instantiate(_module, options);
        var memory = instance.GetMemory("memory")!;
        if (memory.Pages < _pages && memory.Grow(_pages - memory.Pages) < 0)
        {
            throw new WorkerInitException($"cannot restore the snapshot: memory cannot grow to {_pages} pages");
        }

        _memory.CopyTo(memory.GetSpan(0, _memory.Length));
        return instance;
    }
}
