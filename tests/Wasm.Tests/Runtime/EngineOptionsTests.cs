namespace Wharf.Wasm.Tests.Runtime;

public class EngineOptionsTests
{
    [Fact]
    public void CompileInBackground_Instantiate_UsesCompiledCode()
    {
        var engine = new WasmEngine(new EngineOptions { CompileInBackground = true });
        var module = engine.Compile(Wat.ToWasm("""(module (func (export "f") (result i32) (i32.const 5)))"""));
        Assert.Equal(5, new Linker(engine).Instantiate(module).CallI32("f"));
    }

    [Fact]
    public void CompileInBackground_SimdModule_StillThrowsOnInstantiate()
    {
        var engine = new WasmEngine(new EngineOptions { CompileInBackground = true });
        var module = engine.Compile(Wat.ToWasm("""(module (func (drop (v128.const i64x2 0 0))))"""));
        Assert.Throws<NotSupportedException>(() => new Linker(engine).Instantiate(module));
    }

    [Fact]
    public void Options_Invalid_RejectedUpFront()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WasmEngine(new EngineOptions { MaxCallDepth = 0 }));
        var engine = new WasmEngine();
        var module = engine.Compile(Wat.ToWasm("(module)"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linker(engine).Instantiate(module, new InstanceOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linker(engine).Instantiate(module, new InstanceOptions { MaxMemoryPages = 70_000 }));
    }
}
