using Wharf.Wasm.Binary;
using Wharf.Wasm.Validation;

namespace Wharf.Wasm;

/// <summary>Entry point: compiles modules. Thread-safe; one engine can serve many modules and instances.</summary>
public sealed class WasmEngine : IDisposable
{
    /// <summary>Creates an engine with <paramref name="options"/> (defaults when null).</summary>
    public WasmEngine(EngineOptions? options = null)
    {
        Options = options ?? new EngineOptions();
        Options.Validate();
    }

    /// <summary>The engine's settings.</summary>
    public EngineOptions Options { get; }

    /// <summary>Decodes and validates <paramref name="binary"/>. Throws <see cref="WasmMalformedException"/> or
    /// <see cref="WasmInvalidException"/>; IL is generated on first instantiation.</summary>
    public WasmModule Compile(ReadOnlyMemory<byte> binary)
    {
        var module = ModuleDecoder.Decode(binary);
        ModuleValidator.Validate(module);
        return new WasmModule(this, module);
    }

    /// <summary>Releases nothing today (compiled code is collectible and owned by its module); kept so
    /// engines can later hold caches that need disposal.</summary>
    public void Dispose()
    {
    }
}
