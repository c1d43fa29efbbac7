namespace Wharf.Wasm.Tests.Runtime;

public sealed class DisposeTests
{
    private const string Module = """
        (module
          (import "env" "hook" (func $hook))
          (memory (export "memory") 1)
          (func (export "roundtrip") (param i32) (result i32)
            (i32.store (i32.const 64) (local.get 0))
            (call $hook)
            (i32.load (i32.const 64))))
        """;

    [Fact]
    public void Dispose_Idle_FreesMemoryAndLaterCallsThrow()
    {
        var instance = Wat.Instantiate(Module, link: l => l.DefineFunction("env", "hook", () => { }));
        Assert.Equal(7, instance.CallI32("roundtrip", 7));

        instance.Dispose();

        var memory = instance.GetMemory("memory")!;
        Assert.Equal(0, memory.Length);
        Assert.Equal(-1, memory.Grow(1));
        Assert.Throws<WasmTrapException>(() => memory.GetSpan(64, 4));
        Assert.Throws<ObjectDisposedException>(() => instance.CallI32("roundtrip", 1));
    }

    [Fact]
    public void Dispose_WhileGuestRuns_DefersUntilTheCallReturns()
    {
        WasmInstance? self = null;
        var instance = Wat.Instantiate(Module, link: l => l.DefineFunction("env", "hook", () => self!.Dispose()));
        self = instance;

        // The guest reads its memory after the host disposed the instance mid-call: still intact.
        Assert.Equal(42, instance.CallI32("roundtrip", 42));
        Assert.Equal(0, instance.GetMemory("memory")!.Length);
        Assert.Throws<ObjectDisposedException>(() => instance.CallI32("roundtrip", 1));
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        var instance = Wat.Instantiate(Module, link: l => l.DefineFunction("env", "hook", () => { }));
        instance.Dispose();
        instance.Dispose();
        Assert.Equal(0, instance.GetMemory("memory")!.Length);
    }
}
