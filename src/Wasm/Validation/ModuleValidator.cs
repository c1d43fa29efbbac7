using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Validation;

/// <summary>
/// Validates a decoded module against https://webassembly.github.io/spec/core/valid/modules.html
/// (Wasm 2.0: multi-value, reference types, bulk memory, SIMD). Function bodies are checked by
/// <see cref="FunctionValidator"/>, which also reports code the decoder left unread as malformed.
/// </summary>
internal static partial class ModuleValidator
{
    /// <summary>Largest memory of a 32-bit address space, in 64 KiB pages.</summary>
    public const uint MaxMemoryPages = 65536;

    /// <summary>Throws <see cref="WasmInvalidException"/> (or <see cref="WasmMalformedException"/> for malformed code).</summary>
    public static void Validate(Module module)
    {
        try
        {
            var context = new ModuleContext(module);
            ValidateModuleFields(context);
            ValidateFunctions(context);
        }
        catch (WasmInvalidException)
        {
            // The spec decodes everything before validating anything: malformed code anywhere wins.
            InstructionScanner.ScanAllBodies(module);
            throw;
        }
    }

    private static void ValidateModuleFields(ModuleContext c)
    {
        var module = c.Module;
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    c.RequireType(import.TypeIndex);
                    break;
                case ExternalKind.Table:
                    CheckTableType(import.Table);
                    break;
                case ExternalKind.Memory:
                    CheckMemoryType(import.Memory);
                    break;
            }
        }

        foreach (var typeIndex in module.FunctionTypes)
        {
            c.RequireType(typeIndex);
        }

        for (var i = 0; i < module.Globals.Length; i++)
        {
            var global = module.Globals[i];
            CheckConstExpr(c, global.Init, global.Type.Type);
        }

        foreach (var table in module.Tables)
        {
            CheckTableType(table);
        }

        foreach (var memory in module.Memories)
        {
            CheckMemoryType(memory);
        }

        foreach (var segment in module.Elements)
        {
            CheckElementSegment(c, segment);
        }

        foreach (var segment in module.Data)
        {
            if (segment.Mode == SegmentMode.Active)
            {
                c.RequireMemory(segment.MemoryIndex);
                CheckConstExpr(c, segment.Offset!, ValueType.I32);
            }
        }

        if (module.Start is { } start)
        {
            var type = c.FunctionType(start);
            if (type.Parameters.Length != 0 || type.Results.Length != 0)
            {
                throw new WasmInvalidException("start function");
            }
        }

        CheckExports(c);
        if (module.TotalMemoryCount > 1)
        {
            throw new WasmInvalidException("multiple memories");
        }
    }

    private static void CheckElementSegment(ModuleContext c, ElementSegment segment)
    {
        foreach (var item in segment.Items)
        {
            CheckConstExpr(c, item, segment.Type);
        }

        if (segment.Mode == SegmentMode.Active)
        {
            var tableType = c.Table(segment.TableIndex);
            CheckConstExpr(c, segment.Offset!, ValueType.I32);
            if (tableType.ElementType != segment.Type)
            {
                throw new WasmInvalidException("type mismatch");
            }
        }
    }

    private static void CheckTableType(TableType table) => CheckLimits(table.Limits, uint.MaxValue, "table size must be at most 2^32-1");

    private static void CheckMemoryType(MemoryType memory) =>
        CheckLimits(memory.Limits, MaxMemoryPages, "memory size must be at most 65536 pages (4GiB)");

    private static void CheckLimits(Limits limits, uint bound, string tooLarge)
    {
        if (limits.Min > bound || limits.Max > bound)
        {
            throw new WasmInvalidException(tooLarge);
        }

        if (limits.Max is { } max && limits.Min > max)
        {
            throw new WasmInvalidException("size minimum must not be greater than maximum");
        }
    }

    private static void CheckExports(ModuleContext c)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in c.Module.Exports)
        {
            switch (export.Kind)
            {
                case ExternalKind.Function: c.FunctionType(export.Index); break;
                case ExternalKind.Table: c.Table(export.Index); break;
                case ExternalKind.Memory: c.RequireMemory(export.Index); break;
                default: c.Global(export.Index); break;
            }

            if (!names.Add(export.Name))
            {
                throw new WasmInvalidException("duplicate export name");
            }
        }
    }

    private static void ValidateFunctions(ModuleContext c)
    {
        var module = c.Module;
        var validator = new FunctionValidator(c);
        var maxHeights = new int[module.Code.Length];
        for (var i = 0; i < module.Code.Length; i++)
        {
            maxHeights[i] = validator.Validate(i);
        }

        module.MaxStackHeights = maxHeights;
    }
}
