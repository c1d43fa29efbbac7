namespace Wharf.Wasm.Tests.Runtime;

public class MemoryTests
{
    private const string Module = """
        (module
          (memory (export "mem") 1 10)
          (data (i32.const 16) "\01\02\03\04")
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "load_off") (param i32) (result i32) (i32.load8_u offset=65535 (local.get 0)))
          (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "size") (result i32) (memory.size))
          (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
          (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
          (func (export "f32_roundtrip") (param f32) (result f32)
            (f32.store (i32.const 0) (local.get 0)) (f32.load (i32.const 0))))
        """;

    private static string Trap(Action action) => Assert.Throws<WasmTrapException>(action).Message;

    [Fact]
    public void Load_DataSegment_IsInitialized()
    {
        var instance = Wat.Instantiate(Module);
        Assert.Equal(0x04030201, instance.CallI32("load", 16));
    }

    [Fact]
    public void Load_PastEnd_TrapsAndInstanceStaysUsable()
    {
        var instance = Wat.Instantiate(Module);
        Assert.Equal("out of bounds memory access", Trap(() => instance.CallI32("load", 65533)));
        Assert.Equal("out of bounds memory access", Trap(() => instance.CallI32("load", -1)));
        Assert.Equal("out of bounds memory access", Trap(() => instance.CallI32("load_off", 1)));
        Assert.Equal(0, instance.CallI32("load_off", 0));
        Assert.Equal(0, instance.CallI32("load", 65532));
    }

    [Fact]
    public void Store_LastBytes_FitsAndVisibleToHost()
    {
        var instance = Wat.Instantiate(Module);
        instance.Call("store64", WasmValue.FromI32(65528), WasmValue.FromI64(-2));
        Assert.Equal(0xFE, instance.GetMemory("mem")!.GetSpan(65528, 8)[0]);
        Assert.Equal("out of bounds memory access", Trap(() => instance.Call("store64", WasmValue.FromI32(65529), WasmValue.FromI64(1))));
    }

    [Fact]
    public void Grow_WithinModuleMax_KeepsContentsAndZeroesNewPages()
    {
        var instance = Wat.Instantiate(Module);
        Assert.Equal(1, instance.CallI32("grow", 2));
        Assert.Equal(3, instance.CallI32("size"));
        Assert.Equal(0x04030201, instance.CallI32("load", 16));
        Assert.Equal(0, instance.CallI32("load", (3 * 65536) - 4));
        Assert.Equal(-1, instance.CallI32("grow", 8));
    }

    [Fact]
    public void Grow_BeyondHostCap_ReturnsMinusOne()
    {
        var instance = Wat.Instantiate(Module, new InstanceOptions { MaxMemoryPages = 2 });
        Assert.Equal(-1, instance.CallI32("grow", 2));
        Assert.Equal(1, instance.CallI32("grow", 1));
        Assert.Equal(-1, instance.CallI32("grow", 1));
        Assert.Equal(2u, instance.GetMemory("mem")!.Pages);
    }

    [Fact]
    public void FillAndCopy_OutOfBounds_TrapWithoutPartialWrite()
    {
        var instance = Wat.Instantiate(Module);
        instance.Call("fill", WasmValue.FromI32(100), WasmValue.FromI32(0xAB), WasmValue.FromI32(4));
        Assert.Equal(unchecked((int)0xABABABAB), instance.CallI32("load", 100));
        instance.Call("copy", WasmValue.FromI32(102), WasmValue.FromI32(16), WasmValue.FromI32(4));
        Assert.Equal(0x0201ABAB, instance.CallI32("load", 100));
        Assert.Equal("out of bounds memory access", Trap(() => instance.Call("fill", WasmValue.FromI32(65535), WasmValue.FromI32(1), WasmValue.FromI32(2))));
        Assert.Equal(0, instance.CallI32("load_off", 0));
    }

    [Fact]
    public void F32_SignallingNaN_SurvivesStoreAndLoad()
    {
        var instance = Wat.Instantiate(Module);
        Assert.Equal(0x7FA0_0001, instance.Call("f32_roundtrip", WasmValue.FromF32Bits(0x7FA0_0001))[0].F32Bits);
    }

    [Fact]
    public void GetSpan_OutOfRange_Traps()
    {
        var memory = new WasmMemory(1, null);
        Assert.Equal(65536L, memory.Length);
        Assert.Equal(16, memory.GetSpan(65520, 16).Length);
        Assert.Throws<WasmTrapException>(() => memory.GetSpan(65521, 16));
        Assert.Equal(1, memory.Grow(1));
        Assert.Equal(32, memory.GetSpan(65520, 32).Length);
    }
}
