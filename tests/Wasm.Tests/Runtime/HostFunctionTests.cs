namespace Wharf.Wasm.Tests.Runtime;

public class HostFunctionTests
{
    private const string Module = """
        (module
          (import "env" "add" (func $add (param i32 i32) (result i32)))
          (import "env" "pair" (func $pair (param i64) (result i64 f64)))
          (import "env" "poke" (func $poke (param i32)))
          (import "env" "fail" (func $fail))
          (memory (export "mem") 1)
          (func (export "call_add") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
          (func (export "call_pair") (param i64) (result f64) (local f64)
            (call $pair (local.get 0))
            (local.set 1)
            (f64.convert_i64_s)
            (f64.add (local.get 1)))
          (func (export "poke_then_load") (result i32) (call $poke (i32.const 8)) (i32.load (i32.const 8)))
          (func (export "call_fail") (call $fail)))
        """;

    private static WasmInstance Create(Action fail)
    {
        return Wat.Instantiate(Module, link: linker => linker
            .DefineFunction("env", "add", (int a, int b) => a + b)
            .DefineFunction(
                "env",
                "pair",
                new FunctionSignature([ValueType.I64], [ValueType.I64, ValueType.F64]),
                (caller, args, results) =>
                {
                    results[0] = WasmValue.FromI64(args[0].I64 * 2);
                    results[1] = WasmValue.FromF64(0.5);
                })
            .DefineFunction("env", "poke", (Caller caller, int address) =>
            {
                caller.Memory!.Grow(1);
                caller.Memory.GetSpan(address, 4).Fill(0x11);
            })
            .DefineFunction("env", "fail", fail));
    }

    [Fact]
    public void TypedDelegate_Called_ReturnsValue() =>
        Assert.Equal(7, Create(() => { }).CallI32("call_add", 3, 4));

    [Fact]
    public void UntypedMultiValue_Called_ReturnsAllResults() =>
        Assert.Equal(42.5, Create(() => { }).Call("call_pair", WasmValue.FromI64(21))[0].F64);

    [Fact]
    public void CallerMemory_GrownByHost_GuestSeesNewBaseAndBytes()
    {
        var instance = Create(() => { });
        Assert.Equal(0x11111111, instance.CallI32("poke_then_load"));
        Assert.Equal(2u, instance.GetMemory("mem")!.Pages);
    }

    [Fact]
    public void HostException_BecomesTrapWithInner()
    {
        var instance = Create(() => throw new InvalidOperationException("boom"));
        var trap = Assert.Throws<WasmTrapException>(() => instance.Call("call_fail"));
        Assert.IsType<InvalidOperationException>(trap.InnerException);
        Assert.Contains("boom", trap.Message);
        Assert.Equal(7, instance.CallI32("call_add", 3, 4));
    }

    [Fact]
    public void ExitException_PropagatesUnchanged()
    {
        var instance = Create(() => throw new WasmExitException(3));
        Assert.Equal(3, Assert.Throws<WasmExitException>(() => instance.Call("call_fail")).ExitCode);
    }

    [Fact]
    public void TypedDelegate_UnsupportedType_IsRejectedUpFront()
    {
        var linker = new Linker(new WasmEngine());
        Assert.Throws<ArgumentException>(() => linker.DefineFunction("env", "bad", (string s) => s.Length));
    }
}
