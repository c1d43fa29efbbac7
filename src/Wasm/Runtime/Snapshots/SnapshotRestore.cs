namespace Wharf.Wasm.Runtime.Snapshots;

/// <summary>
/// Instantiation from a snapshot: link imports as usual, then build memories, tables and globals from the
/// snapshot instead of evaluating initialisers; no segment initialisation and no start function.
/// </summary>
internal static class SnapshotRestore
{
    public static WasmInstance Restore(Linker linker, WasmModule wasmModule, InstanceSnapshot snapshot, InstanceOptions options)
    {
        if (!ReferenceEquals(snapshot.Module, wasmModule))
        {
            throw new ArgumentException("the snapshot was taken from an instance of a different module", nameof(snapshot));
        }

        var module = wasmModule.Module;
        var context = Instantiator.CreateContext(linker, wasmModule, options);
        Instantiator.LinkImports(linker, module, context);

        // The snapshot is taken only of modules that import no memory or table, so defined ones start at 0.
        for (var i = 0; i < module.Memories.Length; i++)
        {
            context.Memories[i] = snapshot.Memories[i].Restore(module.Memories[i], options.MaxMemoryPages);
        }

        context.Memory = context.Memories.Length > 0 ? context.Memories[0] : null;
        for (var i = 0; i < module.Tables.Length; i++)
        {
            var type = module.Tables[i];
            context.Tables[i] = new WasmTable(type.ElementType, type.Limits.Min, type.Limits.Max)
            {
                Elements = ReferenceMap.Decode(snapshot.Tables[i], context),
            };
        }

        var gi = module.ImportedGlobalCount;
        foreach (var global in snapshot.Globals)
        {
            context.Globals[gi++] = global.Restore(context);
        }

        var data = new ReadOnlyMemory<byte>[module.Data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = snapshot.DroppedData[i] ? default : module.Data[i].Bytes;
        }

        context.Data = data;
        var elements = new object?[module.Elements.Length][];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = ReferenceMap.Decode(snapshot.Elements[i], context);
        }

        context.Elements = elements;
        return Instantiator.Complete(module, context);
    }
}
