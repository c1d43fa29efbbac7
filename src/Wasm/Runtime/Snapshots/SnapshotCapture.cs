namespace Wharf.Wasm.Runtime.Snapshots;

/// <summary>Takes an <see cref="InstanceSnapshot"/> of an instance between invocations.</summary>
internal static class SnapshotCapture
{
    public static InstanceSnapshot Capture(WasmInstance instance, WasmModule wasmModule)
    {
        var context = instance.Context;
        var module = wasmModule.Module;
        if (context.IsRunning)
        {
            throw new InvalidOperationException("cannot snapshot an instance while guest code is running in it");
        }

        // Imported memories and tables belong to another instance or the host: restoring them would overwrite
        // state other instances share, and not restoring them would not recreate this instance's state.
        if (module.ImportedMemoryCount > 0)
        {
            throw new NotSupportedException("cannot snapshot an instance that imports its memory: a snapshot captures only state the instance owns");
        }

        if (module.ImportedTableCount > 0)
        {
            throw new NotSupportedException("cannot snapshot an instance that imports a table: a snapshot captures only state the instance owns");
        }

        var references = new ReferenceMap(context);
        var memories = new MemoryImage[module.Memories.Length];
        for (var i = 0; i < memories.Length; i++)
        {
            memories[i] = MemoryImage.Capture(context.Memories[module.ImportedMemoryCount + i]);
        }

        var tables = new object?[module.Tables.Length][];
        for (var i = 0; i < tables.Length; i++)
        {
            tables[i] = references.Encode(context.Tables[module.ImportedTableCount + i].Elements);
        }

        var globals = new GlobalImage[module.Globals.Length];
        for (var i = 0; i < globals.Length; i++)
        {
            globals[i] = GlobalImage.Capture(context.Globals[module.ImportedGlobalCount + i], references);
        }

        var dropped = new bool[module.Data.Length];
        for (var i = 0; i < dropped.Length; i++)
        {
            dropped[i] = context.Data[i].IsEmpty;
        }

        var elements = new object?[module.Elements.Length][];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = references.Encode(context.Elements[i]);
        }

        return new InstanceSnapshot(wasmModule, memories, tables, globals, dropped, elements);
    }
}
