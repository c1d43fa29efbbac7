namespace Wharf.Wasm.Tests.Engine;

public sealed class WasmEngineTests
{
    // (module (func (export "f") (result i32) i32.const 7))
    private static readonly byte[] ReturnsSeven =
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,
        0x03, 0x02, 0x01, 0x00,
        0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
        0x0A, 0x06, 0x01, 0x04, 0x00, 0x41, 0x07, 0x0B,
    ];

    [Fact]
    public void Compile_SameBytesWhileModuleAlive_ReturnsCachedModule()
    {
        using var engine = new WasmEngine();
        var first = engine.Compile(ReturnsSeven);
        var second = engine.Compile(ReturnsSeven.ToArray());
        Assert.Same(first, second);
    }

    [Fact]
    public void Compile_DifferentBytes_ReturnsDistinctModules()
    {
        using var engine = new WasmEngine();
        var other = ReturnsSeven.ToArray();
        other[^2] = 0x08; // i32.const 8
        var first = engine.Compile(ReturnsSeven);
        var second = engine.Compile(other);
        Assert.NotSame(first, second);
        var instance = new Linker(engine).Instantiate(second);
        Assert.Equal(8, instance.GetFunction("f")!.Invoke()[0].I32);
    }

    [Fact]
    public void Compile_SeparateEngines_DoNotShareModules()
    {
        using var a = new WasmEngine();
        using var b = new WasmEngine();
        Assert.NotSame(a.Compile(ReturnsSeven), b.Compile(ReturnsSeven));
    }
}
