namespace Wharf.Wasm.Binary;

/// <summary>
/// A decoded (not yet validated) module: the abstract syntax of
/// https://webassembly.github.io/spec/core/syntax/modules.html. Function bodies stay as byte
/// ranges of the original binary; the validator and the compiler each walk them once.
/// </summary>
internal sealed class Module
{
    public FuncType[] Types { get; set; } = [];

    public Import[] Imports { get; set; } = [];

    /// <summary>Type index of each function defined by the module (the function section).</summary>
    public uint[] FunctionTypes { get; set; } = [];

    public TableType[] Tables { get; set; } = [];

    public MemoryType[] Memories { get; set; } = [];

    public GlobalDef[] Globals { get; set; } = [];

    public Export[] Exports { get; set; } = [];

    public uint? Start { get; set; }

    public ElementSegment[] Elements { get; set; } = [];

    /// <summary>The data count section's value, when present (required by memory.init/data.drop).</summary>
    public uint? DataCount { get; set; }

    public FunctionBody[] Code { get; set; } = [];

    public DataSegment[] Data { get; set; } = [];

    public CustomSection[] Customs { get; set; } = [];

    public NameSection? Names { get; set; }

    /// <summary>Set by the validator: the maximum operand-stack height of each defined function.</summary>
    public int[] MaxStackHeights { get; set; } = [];

    /// <summary>The whole binary; function bodies and segments point into it.</summary>
    public ReadOnlyMemory<byte> Bytes { get; set; }

    // Counts of imports per kind; imports come first in each index space.
    public int ImportedFunctionCount { get; set; }

    public int ImportedTableCount { get; set; }

    public int ImportedMemoryCount { get; set; }

    public int ImportedGlobalCount { get; set; }

    public int TotalFunctionCount => ImportedFunctionCount + FunctionTypes.Length;

    public int TotalTableCount => ImportedTableCount + Tables.Length;

    public int TotalMemoryCount => ImportedMemoryCount + Memories.Length;

    public int TotalGlobalCount => ImportedGlobalCount + Globals.Length;

    /// <summary>Type of function <paramref name="funcIndex"/> in the function index space (imports first).</summary>
    public FuncType GetFunctionType(int funcIndex)
    {
        if (funcIndex < ImportedFunctionCount)
        {
            var seen = 0;
            foreach (var import in Imports)
            {
                if (import.Kind == ExternalKind.Function && seen++ == funcIndex)
                {
                    return Types[import.TypeIndex];
                }
            }
        }

        return Types[FunctionTypes[funcIndex - ImportedFunctionCount]];
    }
}

/// <summary>A function type; structural equality (the spec compares types by structure).</summary>
internal sealed class FuncType(ValueType[] parameters, ValueType[] results) : IEquatable<FuncType>
{
    public ValueType[] Parameters { get; } = parameters;

    public ValueType[] Results { get; } = results;

    public bool Equals(FuncType? other) =>
        other is not null && Parameters.AsSpan().SequenceEqual(other.Parameters) && Results.AsSpan().SequenceEqual(other.Results);

    public override bool Equals(object? obj) => Equals(obj as FuncType);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var p in Parameters)
        {
            hash.Add(p);
        }

        hash.Add(0xFF);
        foreach (var r in Results)
        {
            hash.Add(r);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"[{string.Join(' ', Parameters)}] -> [{string.Join(' ', Results)}]";
}

internal enum ExternalKind : byte
{
    Function = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
}

internal readonly record struct Limits(uint Min, uint? Max);

internal readonly record struct TableType(ValueType ElementType, Limits Limits);

internal readonly record struct MemoryType(Limits Limits);

internal readonly record struct GlobalType(ValueType Type, bool Mutable);

/// <summary>An import; exactly one of the descriptors is meaningful, chosen by <see cref="Kind"/>.</summary>
internal sealed record Import(string ModuleName, string Name, ExternalKind Kind)
{
    public uint TypeIndex { get; init; }

    public TableType Table { get; init; }

    public MemoryType Memory { get; init; }

    public GlobalType Global { get; init; }
}

internal sealed record Export(string Name, ExternalKind Kind, uint Index);

internal sealed record GlobalDef(GlobalType Type, ConstExpr Init);

/// <summary>
/// A constant expression, kept decoded as a short instruction list (Wasm 2.0 plus the
/// extended-const proposal's i32/i64 add, sub and mul).
/// </summary>
internal sealed record ConstExpr(ConstInstr[] Instructions);

/// <summary>One instruction of a constant expression. <see cref="Operand"/> holds the immediate bits
/// (integer value, float bits, or index); <see cref="V128High"/> the upper lane bits of a v128.const.</summary>
internal readonly record struct ConstInstr(ushort Opcode, ulong Operand, ulong V128High = 0);

internal enum SegmentMode : byte
{
    Active,
    Passive,
    Declarative,
}

/// <summary>An element segment. Every item is a constant expression (ref.func i / ref.null t / global.get).</summary>
internal sealed record ElementSegment(SegmentMode Mode, ValueType Type, ConstExpr[] Items)
{
    public uint TableIndex { get; init; }

    public ConstExpr? Offset { get; init; }
}

/// <summary>A data segment; <see cref="Bytes"/> is a slice of the module binary.</summary>
internal sealed record DataSegment(SegmentMode Mode, ReadOnlyMemory<byte> Bytes)
{
    public uint MemoryIndex { get; init; }

    public ConstExpr? Offset { get; init; }
}

/// <summary>A function body: its declared locals (parameters excluded) and the byte range of its expression.</summary>
internal sealed class FunctionBody(ValueType[] locals, int codeOffset, int codeLength)
{
    /// <summary>Locals declared by the body, expanded one entry per local.</summary>
    public ValueType[] Locals { get; } = locals;

    /// <summary>Offset in <see cref="Module.Bytes"/> of the first instruction.</summary>
    public int CodeOffset { get; } = codeOffset;

    /// <summary>Length of the instruction bytes, including the final <c>end</c>.</summary>
    public int CodeLength { get; } = codeLength;
}

internal sealed record CustomSection(string Name, ReadOnlyMemory<byte> Content);

/// <summary>The <c>name</c> custom section (https://webassembly.github.io/spec/core/appendix/custom.html).</summary>
internal sealed class NameSection
{
    public string? ModuleName { get; set; }

    public Dictionary<uint, string> FunctionNames { get; } = [];

    public Dictionary<uint, Dictionary<uint, string>> LocalNames { get; } = [];
}
