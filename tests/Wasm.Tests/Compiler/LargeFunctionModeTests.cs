using Wharf.Wasm.Compiler;
using Wharf.Wasm.Tests.Runtime;

namespace Wharf.Wasm.Tests.Compiler;

/// <summary>Functions above <see cref="FunctionCompiler.LargeBodyBytes"/> get inline IL loop polls; these tests
/// force that mode on small functions.</summary>
public class LargeFunctionModeTests
{
    private const string Module = """
        (module
          (memory 1)
          (func (export "roundtrip") (param i32 i64) (result i64)
            (i64.store32 offset=4 (local.get 0) (local.get 1))
            (i64.load32_s offset=4 (local.get 0)))
          (func (export "bytes") (param i32) (result i32)
            (i32.store8 (local.get 0) (i32.const 0x1ff))
            (i32.add (i32.load8_u (local.get 0)) (i32.load8_s (local.get 0))))
          (func (export "f64") (param i32 f64) (result f64)
            (f64.store (local.get 0) (local.get 1))
            (f64.load (local.get 0)))
          (func (export "select") (param i32) (result i32)
            (select (i32.const 10) (i32.const 20) (local.get 0)))
          (func (export "spin") (loop (br 0))))
        """;

    private static WasmInstance Create(InstanceOptions? options = null)
    {
        FunctionCompiler.LargeBodyBytesOverride = 0;
        try
        {
            return Wat.Instantiate(Module, options);
        }
        finally
        {
            FunctionCompiler.LargeBodyBytesOverride = null;
        }
    }

    [Fact]
    public void NarrowStoreAndLoad_Inline_TruncateAndExtend()
    {
        var instance = Create();
        Assert.Equal(-1L, instance.Call("roundtrip", WasmValue.FromI32(8), WasmValue.FromI64(0x1_FFFF_FFFF))[0].I64);
        Assert.Equal(255 - 1, instance.CallI32("bytes", 3));
        Assert.Equal(-2.5, instance.Call("f64", WasmValue.FromI32(65528), WasmValue.FromF64(-2.5))[0].F64);
    }

    [Fact]
    public void Access_PastEnd_Inline_Traps()
    {
        var instance = Create();
        Assert.Throws<WasmTrapException>(() => instance.Call("f64", WasmValue.FromI32(65529), WasmValue.FromF64(1)));
        Assert.Throws<WasmTrapException>(() => instance.Call("roundtrip", WasmValue.FromI32(65529), WasmValue.FromI64(1)));
        Assert.Equal(254, instance.CallI32("bytes", 65535));
    }

    [Fact]
    public void Select_Inline_PicksOperand()
    {
        var instance = Create();
        Assert.Equal(10, instance.CallI32("select", 1));
        Assert.Equal(20, instance.CallI32("select", 0));
    }

    [Fact]
    public void Loop_InlinePoll_StopsAtTimeout()
    {
        var instance = Create(new InstanceOptions { Timeout = TimeSpan.FromMilliseconds(50) });
        Assert.Equal("interrupted: timeout", Assert.Throws<WasmTrapException>(() => instance.Call("spin")).Message);
    }
}
