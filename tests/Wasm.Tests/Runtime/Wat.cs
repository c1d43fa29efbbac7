using System.Diagnostics;

namespace Wharf.Wasm.Tests.Runtime;

/// <summary>Assembles WebAssembly text with <c>wat2wasm</c> (Debian package <c>wabt</c>).</summary>
internal static class Wat
{
    public static byte[] ToWasm(string wat)
    {
        var dir = Directory.CreateTempSubdirectory("wharf-wat-");
        try
        {
            var input = Path.Combine(dir.FullName, "m.wat");
            var output = Path.Combine(dir.FullName, "m.wasm");
            File.WriteAllText(input, wat);
            var start = new ProcessStartInfo("wat2wasm", ["--enable-all", input, "-o", output])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start wat2wasm");
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wat2wasm failed: {errors}");
            }

            return File.ReadAllBytes(output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Compiles and instantiates <paramref name="wat"/> with an empty linker.</summary>
    public static WasmInstance Instantiate(string wat, InstanceOptions? options = null, Action<Linker>? link = null)
    {
        var engine = new WasmEngine();
        var module = engine.Compile(ToWasm(wat));
        var linker = new Linker(engine);
        link?.Invoke(linker);
        return linker.Instantiate(module, options);
    }

    public static WasmValue[] Call(this WasmInstance instance, string name, params WasmValue[] args) =>
        (instance.GetFunction(name) ?? throw new InvalidOperationException($"no export {name}")).Invoke(args);

    public static int CallI32(this WasmInstance instance, string name, params int[] args) =>
        instance.Call(name, args.Select(WasmValue.FromI32).ToArray())[0].I32;
}
