using Wharf.Wasm.Binary;
using Wharf.Wasm.Compiler;

namespace Wharf.Wasm;

/// <summary>A decoded and validated module. Its compiled code is created once, on first instantiation,
/// and shared by every instance.</summary>
public sealed class WasmModule
{
    private readonly Lock _compileLock = new();
    private CompiledModule? _compiled;

    internal WasmModule(WasmEngine engine, Module module)
    {
        Engine = engine;
        Module = module;
        Name = module.Names?.ModuleName;
        Imports = module.Imports.Select(i => new ImportInfo(i.ModuleName, i.Name, ToKind(i.Kind))).ToArray();
        Exports = module.Exports.Select(e => new ExportInfo(e.Name, ToKind(e.Kind))).ToArray();
        if (engine.Options.CompileInBackground)
        {
            // Failures (e.g. SIMD) are not lost: GetCompiled retries and throws on instantiation.
            ThreadPool.UnsafeQueueUserWorkItem(
                static m =>
                {
                    try
                    {
                        m.GetCompiled();
                    }
                    catch (NotSupportedException)
                    {
                    }
                },
                this,
                preferLocal: false);
        }
    }

    /// <summary>The module name from the name section, if any.</summary>
    public string? Name { get; }

    /// <summary>Imports in declaration order.</summary>
    public IReadOnlyList<ImportInfo> Imports { get; }

    /// <summary>Exports in declaration order.</summary>
    public IReadOnlyList<ExportInfo> Exports { get; }

    internal WasmEngine Engine { get; }

    internal Module Module { get; }

    /// <summary>The module's IL, generated on first use (thread-safe).</summary>
    internal CompiledModule GetCompiled()
    {
        if (_compiled is { } done)
        {
            return done;
        }

        lock (_compileLock)
        {
            return _compiled ??= ModuleCompiler.Compile(Module, Engine.Options);
        }
    }

    internal static ExternKind ToKind(ExternalKind kind) => kind switch
    {
        ExternalKind.Function => ExternKind.Function,
        ExternalKind.Table => ExternKind.Table,
        ExternalKind.Memory => ExternKind.Memory,
        _ => ExternKind.Global,
    };
}
