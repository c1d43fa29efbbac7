namespace Wharf.Cli.Artifacts;

/// <summary>Validates a wasm module before it is packaged, with Wasmtime's validator (the engine the node runs).</summary>
internal static class WasmValidation
{
    public static void Validate(byte[] module, string name)
    {
        if (module.Length < 8 || module[0] != 0 || module[1] != 0x61 || module[2] != 0x73 || module[3] != 0x6d)
        {
            throw new BuildException($"{name} is not a WebAssembly binary (no \\0asm header)");
        }

        if (module[4] != 1 || module[5] != 0 || module[6] != 0 || module[7] != 0)
        {
            throw new BuildException($"{name} is not a core wasm module (version {module[4]}): components are not supported");
        }

        using var engine = new Wasmtime.Engine();
        var error = Wasmtime.Module.Validate(engine, module);
        if (error is not null)
        {
            throw new BuildException($"{name} is not a valid wasm module: {error}");
        }
    }
}
