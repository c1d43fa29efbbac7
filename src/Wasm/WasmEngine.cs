using System.Collections.Concurrent;
using System.Security.Cryptography;
using Wharf.Wasm.Binary;
using Wharf.Wasm.Validation;

namespace Wharf.Wasm;

/// <summary>Entry point: compiles modules. Thread-safe; one engine can serve many modules and instances.</summary>
public sealed class WasmEngine : IDisposable
{
    // Compiled modules by SHA-256 of their bytes. Weak, so a module lives only while someone holds it:
    // a host reloading a worker whose wasm did not change (a JS worker's new bundle on the same
    // wharf-js.wasm) gets the already decoded, validated and JIT-warmed module back.
    private readonly ConcurrentDictionary<string, WeakReference<WasmModule>> _modules = new(StringComparer.Ordinal);
    private int _compilesSincePrune;

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
    /// <remarks>Identical bytes compiled while an earlier result is still referenced return that same
    /// <see cref="WasmModule"/> (modules are immutable and independent of instances).</remarks>
    public WasmModule Compile(ReadOnlyMemory<byte> binary)
    {
        var key = Convert.ToHexString(SHA256.HashData(binary.Span));
        if (_modules.TryGetValue(key, out var weak) && weak.TryGetTarget(out var cached))
        {
            return cached;
        }

        var module = ModuleDecoder.Decode(binary);
        ModuleValidator.Validate(module);
        var compiled = new WasmModule(this, module);
        _modules[key] = new WeakReference<WasmModule>(compiled);
        if (Interlocked.Increment(ref _compilesSincePrune) >= 256)
        {
            PruneCollectedModules();
        }

        return compiled;
    }

    private void PruneCollectedModules()
    {
        Interlocked.Exchange(ref _compilesSincePrune, 0);
        foreach (var entry in _modules)
        {
            if (!entry.Value.TryGetTarget(out _))
            {
                _modules.TryRemove(entry);
            }
        }
    }

    /// <summary>Releases nothing today (compiled code is collectible and owned by its module); kept so
    /// engines can later hold caches that need disposal.</summary>
    public void Dispose()
    {
    }
}
