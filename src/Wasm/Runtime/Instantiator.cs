using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Runtime;

/// <summary>
/// Instantiation (https://webassembly.github.io/spec/core/exec/modules.html#instantiation): link imports,
/// allocate tables, memories and globals, build exports, initialise active element then data segments in
/// order (earlier writes stay when a later one traps), drop active/declarative segments, run start.
/// </summary>
internal static class Instantiator
{
    public static WasmInstance Instantiate(Linker linker, WasmModule wasmModule, InstanceOptions options)
    {
        var module = wasmModule.Module;
        var context = CreateContext(linker, wasmModule, options);
        LinkImports(linker, module, context);
        var ti = module.ImportedTableCount;
        foreach (var table in module.Tables)
        {
            context.Tables[ti++] = new WasmTable(table.ElementType, table.Limits.Min, table.Limits.Max);
        }

        var mi = module.ImportedMemoryCount;
        foreach (var memory in module.Memories)
        {
            context.Memories[mi++] = new WasmMemory(memory.Limits.Min, memory.Limits.Max, options.MaxMemoryPages);
        }

        context.Memory = context.Memories.Length > 0 ? context.Memories[0] : null;
        var globals = context.Globals;
        var gi = module.ImportedGlobalCount;
        foreach (var global in module.Globals)
        {
            var value = ConstEval.Evaluate(global.Init, context, globals);
            globals[gi++] = new WasmGlobal(global.Type.Type, global.Type.Mutable, value);
        }

        var instance = Complete(module, context);
        context.Data = module.Data.Select(d => d.Bytes).ToArray();
        context.Elements = module.Elements
            .Select(e => e.Items.Select(item => ConstEval.Evaluate(item, context, globals).Ref).ToArray())
            .ToArray();
        InitializeSegments(module, context, globals);
        if (module.Start is { } start)
        {
            context.RunTopLevel(context.GetFunction((int)start), [], []);
        }

        return instance;
    }

    /// <summary>Validates <paramref name="options"/> and creates the context with index spaces sized for the module.</summary>
    internal static InstanceContext CreateContext(Linker linker, WasmModule wasmModule, InstanceOptions options)
    {
        options.Validate();
        var module = wasmModule.Module;
        return new InstanceContext(wasmModule.GetCompiled(), options, options.MaxCallDepth ?? linker.Engine.Options.MaxCallDepth)
        {
            Module = wasmModule,
            Functions = new WasmFunction?[module.TotalFunctionCount],
            Tables = new WasmTable[module.TotalTableCount],
            Memories = new WasmMemory[module.TotalMemoryCount],
            Globals = new WasmGlobal[module.TotalGlobalCount],
        };
    }

    /// <summary>Resolves the imports into the first slots of each index space of <paramref name="context"/>.</summary>
    internal static void LinkImports(Linker linker, Module module, InstanceContext context)
    {
        int fi = 0, ti = 0, mi = 0, gi = 0;
        foreach (var import in module.Imports)
        {
            var definition = linker.Resolve(import.ModuleName, import.Name)
                ?? throw new WasmLinkException($"unknown import \"{import.ModuleName}\" \"{import.Name}\"");
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    context.Functions[fi++] = LinkFunction(import, module.Types[import.TypeIndex], definition, context);
                    break;
                case ExternalKind.Table:
                    context.Tables[ti++] = definition is WasmTable table && Matches(table, import.Table)
                        ? table : throw Incompatible(import);
                    break;
                case ExternalKind.Memory:
                    context.Memories[mi++] = definition is WasmMemory memory && Matches(memory, import.Memory)
                        ? memory : throw Incompatible(import);
                    break;
                default:
                    context.Globals[gi++] = definition is WasmGlobal global && global.Type == import.Global.Type && global.Mutable == import.Global.Mutable
                        ? global : throw Incompatible(import);
                    break;
            }
        }
    }

    /// <summary>Builds the exports and the instance once every index space of <paramref name="context"/> is filled.</summary>
    internal static WasmInstance Complete(Module module, InstanceContext context)
    {
        var exports = new Dictionary<string, WasmExtern>(module.Exports.Length);
        foreach (var export in module.Exports)
        {
            var index = (int)export.Index;
            exports[export.Name] = export.Kind switch
            {
                ExternalKind.Function => context.GetFunction(index),
                ExternalKind.Table => context.Tables[index],
                ExternalKind.Memory => context.Memories[index],
                _ => context.Globals[index],
            };
        }

        var instance = new WasmInstance(context, exports);
        context.Instance = instance;
        context.Caller = new Caller(instance);
        return instance;
    }

    private static void InitializeSegments(Module module, InstanceContext context, WasmGlobal[] globals)
    {
        for (var i = 0; i < module.Elements.Length; i++)
        {
            var segment = module.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = ConstEval.Evaluate(segment.Offset!, context, globals).I32;
                var count = context.Elements[i].Length;
                BulkOps.TableInit(offset, 0, count, context, (int)segment.TableIndex, i);
            }

            if (segment.Mode != SegmentMode.Passive)
            {
                context.Elements[i] = [];
            }
        }

        for (var i = 0; i < module.Data.Length; i++)
        {
            var segment = module.Data[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = ConstEval.Evaluate(segment.Offset!, context, globals).I32;
                BulkOps.MemoryInit(offset, 0, segment.Bytes.Length, context, i);
                context.Data[i] = default;
            }
        }
    }

    private static WasmFunction LinkFunction(Import import, FuncType expected, object definition, InstanceContext context) => definition switch
    {
        HostDefinition host when host.Type.Equals(expected) => host.Bind(context),
        WasmFunction function when function.Type.Equals(expected) => function,
        _ => throw Incompatible(import),
    };

    private static bool Matches(WasmTable table, TableType expected) =>
        table.ElementType == expected.ElementType && LimitsMatch(table.Size, table.Max, expected.Limits);

    private static bool Matches(WasmMemory memory, MemoryType expected) =>
        LimitsMatch(memory.Pages, memory.DeclaredMax, expected.Limits);

    // Limits subtyping (https://webassembly.github.io/spec/core/valid/types.html#match-limits), using the
    // current size of the imported object as its minimum.
    private static bool LimitsMatch(uint size, uint? max, Limits expected) =>
        size >= expected.Min && (expected.Max is not { } wanted || (max is { } actual && actual <= wanted));

    private static WasmLinkException Incompatible(Import import) =>
        new($"incompatible import type \"{import.ModuleName}\" \"{import.Name}\"");
}
