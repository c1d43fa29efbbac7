using Wharf.Wasm.Tests.Runtime;

namespace Wharf.Wasm.Tests.Snapshots;

public class InstanceSnapshotTests
{
    // "init" plays the pre-initializer: it changes memory, a global and the table; the start function and an
    // active data segment show whether restoring re-runs instantiation.
    private const string Module = """
        (module
          (import "host" "started" (func $started))
          (memory (export "memory") 1 10)
          (global $g (mut i32) (i32.const 0))
          (type $t (func (result i32)))
          (table (export "table") 4 funcref)
          (elem (i32.const 0) $one)
          (elem $late func $global)
          (data (i32.const 100) "seg")
          (func $one (result i32) (i32.const 1))
          (func $global (result i32) (global.get $g))
          (func $start (call $started))
          (start $start)
          (func (export "init")
            (i32.store8 (i32.const 100) (i32.const 83))
            (i32.store (i32.const 200) (i32.const 1234))
            (global.set $g (i32.const 7))
            (table.init 0 $late (i32.const 1) (i32.const 0) (i32.const 1)))
          (func (export "get") (result i32) (global.get $g))
          (func (export "set") (param i32) (global.set $g (local.get 0)))
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
          (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "size") (result i32) (memory.size))
          (func (export "indirect") (param i32) (result i32) (call_indirect (type $t) (local.get 0))))
        """;

    [Fact]
    public void Instantiate_FromSnapshot_StartsFromCapturedMemoryGlobalsAndTables()
    {
        var (linker, module, snapshot, starts) = Preinitialize();
        var instance = linker.Instantiate(module, snapshot);

        Assert.Equal(1234, instance.CallI32("load", 200));
        Assert.Equal(7, instance.CallI32("get"));
        Assert.Equal(1, instance.CallI32("indirect", 0));
        Assert.Equal(7, instance.CallI32("indirect", 1));
        Assert.Equal(1, starts());
    }

    [Fact]
    public void Instantiate_FromSnapshot_RunsNeitherStartNorSegmentInitialisation()
    {
        var (linker, module, snapshot, starts) = Preinitialize();
        var instance = linker.Instantiate(module, snapshot);

        // "init" overwrote the 's' of the active segment "seg": re-running the segment would bring it back.
        Assert.Equal('S', instance.CallI32("load8", 100));
        Assert.Equal('e', instance.CallI32("load8", 101));
        Assert.Equal(1, starts());
    }

    [Fact]
    public void Instantiate_FromSnapshot_WritesAreInvisibleToOtherAndLaterInstances()
    {
        var (linker, module, snapshot, _) = Preinitialize();
        var first = linker.Instantiate(module, snapshot);
        var second = linker.Instantiate(module, snapshot);

        first.Call("store", WasmValue.FromI32(200), WasmValue.FromI32(-1));
        first.Call("store", WasmValue.FromI32(60_000), WasmValue.FromI32(5));
        first.Call("set", WasmValue.FromI32(99));
        first.GetTable("table")!.Set(0, null);
        Assert.Equal(1, first.CallI32("grow", 1));

        var later = linker.Instantiate(module, snapshot);
        foreach (var other in new[] { second, later })
        {
            Assert.Equal(1234, other.CallI32("load", 200));
            Assert.Equal(0, other.CallI32("load", 60_000));
            Assert.Equal(7, other.CallI32("get"));
            Assert.Equal(1, other.CallI32("indirect", 0));
            Assert.Equal(1, other.CallI32("size"));
        }
    }

    [Fact]
    public void Instantiate_FromSnapshot_TableFunctionsBelongToTheNewInstance()
    {
        var (linker, module, snapshot, _) = Preinitialize();
        var first = linker.Instantiate(module, snapshot);
        var second = linker.Instantiate(module, snapshot);

        first.Call("set", WasmValue.FromI32(41));
        second.Call("set", WasmValue.FromI32(42));

        // Table entry 1 reads $g: each instance's table must call its own function, not the source's.
        Assert.Equal(41, first.CallI32("indirect", 1));
        Assert.Equal(42, second.CallI32("indirect", 1));
        Assert.NotSame(first.GetTable("table")!.Get(1), second.GetTable("table")!.Get(1));
    }

    [Fact]
    public void Instantiate_FromSnapshot_MemoryCapStillApplies()
    {
        var (linker, module, snapshot, _) = Preinitialize();
        var instance = linker.Instantiate(module, snapshot, new InstanceOptions { MaxMemoryPages = 2 });

        Assert.Equal(1, instance.CallI32("grow", 1));
        Assert.Equal(-1, instance.CallI32("grow", 1));
        Assert.Equal(2, instance.CallI32("size"));
    }

    [Fact]
    public void Instantiate_SnapshotLargerThanCap_ThrowsLinkError()
    {
        var (linker, module, _, _) = Preinitialize();
        var source = linker.Instantiate(module);
        Assert.Equal(1, source.CallI32("grow", 3));
        var snapshot = source.CreateSnapshot();

        Assert.Equal(4, linker.Instantiate(module, snapshot).CallI32("size"));
        var error = Assert.Throws<WasmLinkException>(() => linker.Instantiate(module, snapshot, new InstanceOptions { MaxMemoryPages = 2 }));
        Assert.Contains("4 pages exceeds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Instantiate_SnapshotOfAnotherModule_ThrowsArgumentException()
    {
        var (linker, module, snapshot, _) = Preinitialize();
        var other = linker.Engine.Compile(Wat.ToWasm(Module.Replace("(global $g (mut i32) (i32.const 0))", "(global $g (mut i32) (i32.const 1))", StringComparison.Ordinal)));

        var error = Assert.Throws<ArgumentException>(() => linker.Instantiate(other, snapshot));
        Assert.Contains("different module", error.Message, StringComparison.Ordinal);
        Assert.Same(module, snapshot.Module);
    }

    [Fact]
    public void Instantiate_FromSnapshot_HostFunctionsSeeTheNewInstance()
    {
        var engine = new WasmEngine();
        var module = engine.Compile(Wat.ToWasm("""
            (module
              (import "host" "who" (func $who))
              (memory (export "memory") 1)
              (func (export "run") (call $who)))
            """));
        var callers = new List<WasmInstance>();
        var linker = new Linker(engine).DefineFunction("host", "who", (Action<Caller>)(c => callers.Add(c.Instance)));
        var source = linker.Instantiate(module);
        var restored = linker.Instantiate(module, source.CreateSnapshot());

        restored.Call("run");

        Assert.Same(restored, Assert.Single(callers));
    }

    [Fact]
    public void CreateSnapshot_WhileGuestRuns_ThrowsInvalidOperation()
    {
        var engine = new WasmEngine();
        var module = engine.Compile(Wat.ToWasm("""
            (module
              (import "host" "snap" (func $snap))
              (func (export "run") (call $snap)))
            """));
        Exception? error = null;
        var linker = new Linker(engine).DefineFunction("host", "snap", (Action<Caller>)(c => error = Record.Exception(() => c.Instance.CreateSnapshot())));
        linker.Instantiate(module).Call("run");

        Assert.IsType<InvalidOperationException>(error);
    }

    [Fact]
    public void CreateSnapshot_ImportedMemory_ThrowsNotSupported()
    {
        var instance = Wat.Instantiate(
            """(module (import "env" "memory" (memory 1)))""",
            link: l => l.Define("env", "memory", new WasmMemory(1, null)));

        Assert.Throws<NotSupportedException>(instance.CreateSnapshot);
    }

    private static (Linker Linker, WasmModule Module, InstanceSnapshot Snapshot, Func<int> Starts) Preinitialize()
    {
        var engine = new WasmEngine();
        var module = engine.Compile(Wat.ToWasm(Module));
        var starts = 0;
        var linker = new Linker(engine).DefineFunction("host", "started", (Action)(() => starts++));
        var source = linker.Instantiate(module);
        source.Call("init");
        var snapshot = source.CreateSnapshot();

        // The source keeps running after the snapshot; restores must not see this.
        source.Call("store", WasmValue.FromI32(200), WasmValue.FromI32(555));
        source.Call("set", WasmValue.FromI32(555));
        return (linker, module, snapshot, () => starts);
    }
}
