using Wharf.Wasm.Tests.Runtime;

namespace Wharf.Wasm.Tests.Snapshots;

public class SnapshotStateTests
{
    [Fact]
    public void Instantiate_FromSnapshot_DroppedSegmentsStayDropped()
    {
        var engine = new WasmEngine();
        var module = engine.Compile(Wat.ToWasm("""
            (module
              (memory 1)
              (table 2 funcref)
              (data $a "aaaa")
              (data $b "bbbb")
              (elem $e func $f)
              (elem $k func $f)
              (func $f (result i32) (i32.const 5))
              (func (export "init") (data.drop $a) (elem.drop $e))
              (func (export "initA") (memory.init $a (i32.const 0) (i32.const 0) (i32.const 4)))
              (func (export "initB") (result i32) (memory.init $b (i32.const 0) (i32.const 0) (i32.const 4)) (i32.load8_u (i32.const 0)))
              (func (export "elemE") (table.init $e (i32.const 0) (i32.const 0) (i32.const 1)))
              (func (export "elemK") (result i32) (table.init $k (i32.const 0) (i32.const 0) (i32.const 1))
                (call_indirect (result i32) (i32.const 0))))
            """));
        var linker = new Linker(engine);
        var source = linker.Instantiate(module);
        source.Call("init");
        var restored = linker.Instantiate(module, source.CreateSnapshot());

        Assert.Equal("out of bounds memory access", Assert.Throws<WasmTrapException>(() => restored.Call("initA")).Message);
        Assert.Equal('b', restored.CallI32("initB"));
        Assert.Equal("out of bounds table access", Assert.Throws<WasmTrapException>(() => restored.Call("elemE")).Message);
        Assert.Equal(5, restored.CallI32("elemK"));
    }

    [Fact]
    public void Instantiate_FromSnapshot_HostReferencesAreCopied()
    {
        var engine = new WasmEngine();
        var module = engine.Compile(Wat.ToWasm("""
            (module
              (global $r (export "r") (mut externref) (ref.null extern))
              (table (export "t") 1 externref)
              (func (export "keep") (param externref) (global.set $r (local.get 0)) (table.set 0 (i32.const 0) (local.get 0))))
            """));
        var linker = new Linker(engine);
        var source = linker.Instantiate(module);
        var token = new object();
        source.Call("keep", WasmValue.FromRef(ValueType.ExternRef, token));

        var restored = linker.Instantiate(module, source.CreateSnapshot());

        Assert.Same(token, restored.GetGlobal("r")!.Value.Ref);
        Assert.Same(token, restored.GetTable("t")!.Get(0));
    }

    [Fact]
    public void Instantiate_FromSnapshot_FuncrefGlobalAndImportedFunctionsMapToTheNewInstance()
    {
        var engine = new WasmEngine();
        var module = engine.Compile(Wat.ToWasm("""
            (module
              (import "host" "h" (func $h (result i32)))
              (global $fn (export "fn") (mut funcref) (ref.null func))
              (table (export "t") 1 funcref)
              (elem $e func $h)
              (func (export "init")
                (table.init 0 $e (i32.const 0) (i32.const 0) (i32.const 1))
                (global.set $fn (table.get 0 (i32.const 0))))
              (func (export "call") (result i32) (call_indirect (result i32) (i32.const 0))))
            """));
        var callers = new List<WasmInstance>();
        var linker = new Linker(engine).DefineFunction("host", "h", (Func<Caller, int>)(c =>
        {
            callers.Add(c.Instance);
            return 3;
        }));
        var source = linker.Instantiate(module);
        source.Call("init");
        var restored = linker.Instantiate(module, source.CreateSnapshot());

        Assert.Equal(3, restored.CallI32("call"));
        Assert.Same(restored, Assert.Single(callers));
        var fn = Assert.IsType<WasmFunction>(restored.GetGlobal("fn")!.Value.Ref);
        Assert.Same(restored.GetTable("t")!.Get(0), fn);
        Assert.NotSame(source.GetTable("t")!.Get(0), fn);
    }

    [Fact]
    public void CreateSnapshot_SparseMemory_KeepsOnlyNonZeroChunks()
    {
        var instance = Wat.Instantiate("""
            (module
              (memory (export "memory") 100)
              (func (export "poke") (i32.store8 (i32.const 3_000_000) (i32.const 1)) (i32.store8 (i32.const 10) (i32.const 2))))
            """);
        instance.Call("poke");

        var snapshot = instance.CreateSnapshot();

        Assert.Equal(2 * 4096, snapshot.MemoryBytes);
        Assert.Equal([100u], snapshot.MemoryPages);
        var restored = new Linker(new WasmEngine()).Instantiate(snapshot.Module, snapshot);
        var memory = restored.GetMemory("memory")!;
        Assert.Equal(100 * WasmMemory.PageSize, memory.Length);
        Assert.Equal(1, memory.GetSpan(3_000_000, 1)[0]);
        Assert.Equal(2, memory.GetSpan(10, 1)[0]);
        Assert.Equal(2, memory.GetSpan(0, 4096).ToArray().Sum(b => b));
    }

    [Fact]
    public async Task Instantiate_ConcurrentlyFromOneSnapshot_InstancesAreIsolated()
    {
        var engine = new WasmEngine();
        var module = engine.Compile(Wat.ToWasm("""
            (module
              (memory (export "memory") 1)
              (global $g (mut i32) (i32.const 0))
              (func (export "init") (i32.store (i32.const 16) (i32.const 77)) (global.set $g (i32.const 5)))
              (func (export "work") (param i32) (result i32)
                (if (i32.ne (i32.load (i32.const 16)) (i32.const 77)) (then (return (i32.const -1))))
                (if (i32.ne (global.get $g) (i32.const 5)) (then (return (i32.const -2))))
                (i32.store (i32.const 16) (local.get 0))
                (global.set $g (local.get 0))
                (i32.add (i32.load (i32.const 16)) (global.get $g))))
            """));
        var linker = new Linker(engine);
        var source = linker.Instantiate(module);
        source.Call("init");
        var snapshot = source.CreateSnapshot();

        var results = await Task.WhenAll(Enumerable.Range(1, 64).Select(i => Task.Run(() =>
            linker.Instantiate(module, snapshot).CallI32("work", i))));

        Assert.Equal(Enumerable.Range(1, 64).Select(i => 2 * i), results);
    }
}
