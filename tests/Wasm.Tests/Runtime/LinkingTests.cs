namespace Wharf.Wasm.Tests.Runtime;

public class LinkingTests
{
    private static readonly WasmEngine Engine = new();

    private static WasmModule Compile(string wat) => Engine.Compile(Wat.ToWasm(wat));

    [Fact]
    public void Instantiate_MissingImport_ThrowsUnknownImport()
    {
        var module = Compile("""(module (import "env" "f" (func)))""");
        var error = Assert.Throws<WasmLinkException>(() => new Linker(Engine).Instantiate(module));
        Assert.StartsWith("unknown import", error.Message);
    }

    [Fact]
    public void Instantiate_WrongFunctionType_ThrowsIncompatible()
    {
        var module = Compile("""(module (import "env" "f" (func (param i32))))""");
        var linker = new Linker(Engine).DefineFunction("env", "f", (long x) => { });
        Assert.StartsWith("incompatible import type", Assert.Throws<WasmLinkException>(() => linker.Instantiate(module)).Message);
    }

    [Fact]
    public void Instantiate_MemoryLimits_UseSubtyping()
    {
        var module = Compile("""(module (import "env" "m" (memory 1 4)))""");
        Assert.NotNull(new Linker(Engine).Define("env", "m", new WasmMemory(2, 3)).Instantiate(module));
        Assert.Throws<WasmLinkException>(() => new Linker(Engine).Define("env", "m", new WasmMemory(1, null)).Instantiate(module));
        Assert.Throws<WasmLinkException>(() => new Linker(Engine).Define("env", "m", new WasmMemory(0, 4)).Instantiate(module));
    }

    [Fact]
    public void Instantiate_GlobalMutabilityMismatch_ThrowsIncompatible()
    {
        var module = Compile("""(module (import "env" "g" (global (mut i32))))""");
        var linker = new Linker(Engine).Define("env", "g", new WasmGlobal(ValueType.I32, false, WasmValue.FromI32(1)));
        Assert.Throws<WasmLinkException>(() => linker.Instantiate(module));
    }

    [Fact]
    public void MutableGlobal_SharedBetweenInstances_IsOneCell()
    {
        var exporter = new Linker(Engine).Instantiate(Compile("""
            (module (global (export "g") (mut f32) (f32.const 1))
              (func (export "set") (param f32) (global.set 0 (local.get 0))))
            """));
        var importer = new Linker(Engine).DefineInstance("a", exporter).Instantiate(Compile("""
            (module (import "a" "g" (global (mut f32)))
              (func (export "get") (result i32) (i32.reinterpret_f32 (global.get 0))))
            """));
        exporter.Call("set", WasmValue.FromF32Bits(0x7FA0_0002));
        Assert.Equal(0x7FA0_0002, importer.CallI32("get"));
        exporter.GetGlobal("g")!.Value = WasmValue.FromF32(2f);
        Assert.Equal(BitConverter.SingleToInt32Bits(2f), importer.CallI32("get"));
    }

    [Fact]
    public void CallIndirect_TableSharedAcrossInstances_ChecksTypesAndElements()
    {
        var provider = new Linker(Engine).Instantiate(Compile("""
            (module
              (table (export "t") 4 funcref)
              (func $seven (result i32) (i32.const 7))
              (func $id (param i32) (result i32) (local.get 0))
              (elem (i32.const 0) $seven $id))
            """));
        var user = new Linker(Engine).DefineInstance("p", provider).Instantiate(Compile("""
            (module
              (import "p" "t" (table 4 funcref))
              (type $v_i (func (result i32)))
              (func (export "call") (param i32) (result i32) (call_indirect (type $v_i) (local.get 0))))
            """));
        Assert.Equal(7, user.CallI32("call", 0));
        string TrapOf(int i) => Assert.Throws<WasmTrapException>(() => user.CallI32("call", i)).Message;
        Assert.Equal("indirect call type mismatch", TrapOf(1));
        Assert.StartsWith("uninitialized element", TrapOf(2));
        Assert.StartsWith("undefined element", TrapOf(4));
        Assert.Equal(7, user.CallI32("call", 0));
    }

    [Fact]
    public void Instantiate_ActiveSegmentOutOfBounds_TrapsAfterEarlierWrites()
    {
        var memory = new WasmMemory(1, null);
        var module = Compile("""
            (module (import "env" "m" (memory 1))
              (data (i32.const 0) "ok")
              (data (i32.const 65535) "xx"))
            """);
        var trap = Assert.Throws<WasmTrapException>(() => new Linker(Engine).Define("env", "m", memory).Instantiate(module));
        Assert.Equal("out of bounds memory access", trap.Message);
        Assert.Equal((byte)'o', memory.GetSpan(0, 1)[0]);
    }

    [Fact]
    public void StartFunction_RunsDuringInstantiate()
    {
        var instance = new Linker(Engine).Instantiate(Compile("""
            (module (global (export "g") (mut i32) (i32.const 0))
              (func $init (global.set 0 (i32.const 9)))
              (start $init))
            """));
        Assert.Equal(9, instance.GetGlobal("g")!.Value.I32);
    }

    [Fact]
    public void Instantiate_SimdModule_CompilesButThrowsNotSupported()
    {
        var module = Compile("""(module (func (export "f") (result i32) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))""");
        var error = Assert.Throws<NotSupportedException>(() => new Linker(Engine).Instantiate(module));
        Assert.Equal("SIMD execution is not supported", error.Message);
    }

    [Fact]
    public void CompiledModule_ManyInstances_HaveIsolatedState()
    {
        var module = Compile("""
            (module (memory 1) (global $g (mut i32) (i32.const 0))
              (func (export "bump") (result i32)
                (global.set $g (i32.add (global.get $g) (i32.const 1)))
                (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 10)))
                (i32.add (global.get $g) (i32.load (i32.const 0)))))
            """);
        var a = new Linker(Engine).Instantiate(module);
        var b = new Linker(Engine).Instantiate(module);
        Assert.Equal(11, a.CallI32("bump"));
        Assert.Equal(22, a.CallI32("bump"));
        Assert.Equal(11, b.CallI32("bump"));
    }
}
