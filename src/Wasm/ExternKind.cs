namespace Wharf.Wasm;

/// <summary>The kind of an import or export.</summary>
public enum ExternKind
{
    /// <summary>A function.</summary>
    Function,

    /// <summary>A table.</summary>
    Table,

    /// <summary>A linear memory.</summary>
    Memory,

    /// <summary>A global.</summary>
    Global,
}

/// <summary>An import a module requires.</summary>
/// <param name="Module">The import's module name.</param>
/// <param name="Name">The import's field name.</param>
/// <param name="Kind">What kind of item must be supplied.</param>
public sealed record ImportInfo(string Module, string Name, ExternKind Kind);

/// <summary>An export a module provides.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Kind">What kind of item is exported.</param>
public sealed record ExportInfo(string Name, ExternKind Kind);

/// <summary>Something that can be imported or exported: a function, table, memory or global.</summary>
public abstract class WasmExtern
{
    private protected WasmExtern()
    {
    }

    /// <summary>The kind of this item.</summary>
    public abstract ExternKind Kind { get; }
}
