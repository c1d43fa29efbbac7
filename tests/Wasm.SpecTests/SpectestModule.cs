namespace Wharf.Wasm.SpecTests;

/// <summary>
/// The <c>spectest</c> host module every spec script may import
/// (https://github.com/WebAssembly/spec/tree/main/interpreter#spectest-host-module).
/// </summary>
internal static class SpectestModule
{
    public static void Define(Linker linker, bool verbose)
    {
        void Print(string name, params ValueType[] parameters) =>
            linker.DefineFunction("spectest", name, new FunctionSignature(parameters, []), (_, args, _) =>
            {
                if (verbose)
                {
                    Console.WriteLine($"    spectest.{name}({string.Join(", ", args.ToArray())})");
                }
            });

        Print("print");
        Print("print_i32", ValueType.I32);
        Print("print_i64", ValueType.I64);
        Print("print_f32", ValueType.F32);
        Print("print_f64", ValueType.F64);
        Print("print_i32_f32", ValueType.I32, ValueType.F32);
        Print("print_f64_f64", ValueType.F64, ValueType.F64);

        linker.Define("spectest", "global_i32", new WasmGlobal(ValueType.I32, false, WasmValue.FromI32(666)));
        linker.Define("spectest", "global_i64", new WasmGlobal(ValueType.I64, false, WasmValue.FromI64(666)));
        linker.Define("spectest", "global_f32", new WasmGlobal(ValueType.F32, false, WasmValue.FromF32(666.6f)));
        linker.Define("spectest", "global_f64", new WasmGlobal(ValueType.F64, false, WasmValue.FromF64(666.6)));
        linker.Define("spectest", "table", new WasmTable(ValueType.FuncRef, 10, 20));
        linker.Define("spectest", "memory", new WasmMemory(1, 2));
    }
}
