using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Validation;

/// <summary>
/// The validation context C of https://webassembly.github.io/spec/core/valid/conventions.html#contexts:
/// every index space flattened (imports first) plus the set of declared function references.
/// </summary>
internal sealed class ModuleContext
{
    private readonly FuncType?[] _functions;
    private readonly TableType[] _tables;
    private readonly GlobalType[] _globals;
    private readonly bool[] _declaredFunctions;

    public ModuleContext(Module module)
    {
        Module = module;
        _functions = new FuncType?[module.TotalFunctionCount];
        _tables = new TableType[module.TotalTableCount];
        _globals = new GlobalType[module.TotalGlobalCount];
        int f = 0, t = 0, g = 0;
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: _functions[f++] = TypeOrNull(import.TypeIndex); break;
                case ExternalKind.Table: _tables[t++] = import.Table; break;
                case ExternalKind.Global: _globals[g++] = import.Global; break;
            }
        }

        foreach (var typeIndex in module.FunctionTypes)
        {
            _functions[f++] = TypeOrNull(typeIndex);
        }

        module.Tables.CopyTo(_tables, t);
        foreach (var global in module.Globals)
        {
            _globals[g++] = global.Type;
        }

        _declaredFunctions = new bool[_functions.Length];
        foreach (var segment in module.Elements)
        {
            foreach (var item in segment.Items)
            {
                Declare(item);
            }
        }

        foreach (var global in module.Globals)
        {
            Declare(global.Init);
        }

        foreach (var export in module.Exports)
        {
            if (export.Kind == ExternalKind.Function && export.Index < (uint)_declaredFunctions.Length)
            {
                _declaredFunctions[export.Index] = true;
            }
        }
    }

    public Module Module { get; }

    public int FunctionCount => _functions.Length;

    public int TableCount => _tables.Length;

    public int GlobalCount => _globals.Length;

    public FuncType RequireType(uint index) =>
        index < (uint)Module.Types.Length ? Module.Types[index] : throw new WasmInvalidException($"unknown type {index}");

    public FuncType FunctionType(uint index) =>
        index < (uint)_functions.Length && _functions[index] is { } type ? type : throw new WasmInvalidException($"unknown function {index}");

    public bool IsDeclared(uint functionIndex) => _declaredFunctions[functionIndex];

    public TableType Table(uint index) =>
        index < (uint)_tables.Length ? _tables[index] : throw new WasmInvalidException($"unknown table {index}");

    public void RequireMemory(uint index)
    {
        if (index >= (uint)Module.TotalMemoryCount)
        {
            throw new WasmInvalidException($"unknown memory {index}");
        }
    }

    public GlobalType Global(uint index) =>
        index < (uint)_globals.Length ? _globals[index] : throw new WasmInvalidException($"unknown global {index}");

    private FuncType? TypeOrNull(uint typeIndex) => typeIndex < (uint)Module.Types.Length ? Module.Types[typeIndex] : null;

    private void Declare(ConstExpr expr)
    {
        foreach (var instr in expr.Instructions)
        {
            if (instr.Opcode == (byte)Opcode.RefFunc && instr.Operand < (ulong)_declaredFunctions.Length)
            {
                _declaredFunctions[instr.Operand] = true;
            }
        }
    }
}
