using Wharf.Wasm.Runtime.Snapshots;

namespace Wharf.Wasm;

/// <summary>
/// The state of an instance at one moment — linear memory, the values of the globals and the contents of the
/// tables it defines, and which data/element segments were dropped — from which
/// <see cref="Linker.Instantiate(WasmModule, InstanceSnapshot, InstanceOptions?)"/> creates new instances without
/// re-running segment initialisation, the start function or any initializer (the technique of Wizer's
/// pre-initialization, kept in memory instead of written back into a module).
/// </summary>
/// <remarks>
/// A snapshot is immutable and shares nothing mutable with the instance it was taken from or with the instances
/// restored from it, so any number of threads may restore from it at once. Functions of the source instance
/// (its own and its imports) held in tables, globals or element segments resolve to the restored instance's
/// functions of the same index; other references (externref host objects, functions of other instances) are
/// kept as they were. Imports are linked again by the restoring linker, so host functions see the restored
/// instance as their <see cref="Caller"/>; imported globals are not part of the snapshot.
/// </remarks>
public sealed class InstanceSnapshot
{
    internal InstanceSnapshot(WasmModule module, MemoryImage[] memories, object?[][] tables, GlobalImage[] globals, bool[] droppedData, object?[][] elements)
    {
        Module = module;
        Memories = memories;
        Tables = tables;
        Globals = globals;
        DroppedData = droppedData;
        Elements = elements;
        MemoryBytes = memories.Sum(m => m.Bytes);
    }

    /// <summary>The module of the instance the snapshot was taken from; only instances of it can be restored.</summary>
    public WasmModule Module { get; }

    /// <summary>Bytes of linear memory held by the snapshot: only the non-zero 4 KiB chunks are kept.</summary>
    public long MemoryBytes { get; }

    /// <summary>Size of each memory the module defines, in pages, as captured.</summary>
    public IReadOnlyList<uint> MemoryPages => Array.ConvertAll(Memories, m => m.Pages);

    internal MemoryImage[] Memories { get; }

    /// <summary>Elements of each table the module defines, encoded by <see cref="ReferenceMap"/>.</summary>
    internal object?[][] Tables { get; }

    internal GlobalImage[] Globals { get; }

    /// <summary>Per data segment: dropped (by <c>data.drop</c> or, if active, by instantiation).</summary>
    internal bool[] DroppedData { get; }

    /// <summary>Per element segment: its remaining references, encoded; empty once dropped.</summary>
    internal object?[][] Elements { get; }
}
