using System.Diagnostics;

namespace Wharf.Wasm.Tests.Runtime;

public class LimitsTests
{
    private const string Module = """
        (module
          (func (export "spin") (loop (br 0)))
          (func $rec (export "rec") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0))
              (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
          (func $forever (export "forever") (call $forever))
          (func (export "ok") (result i32) (i32.const 42)))
        """;

    [Fact]
    public void InfiniteLoop_Timeout_TrapsPromptlyAndInstanceStaysUsable()
    {
        var instance = Wat.Instantiate(Module, new InstanceOptions { Timeout = TimeSpan.FromMilliseconds(100) });
        var clock = Stopwatch.StartNew();
        var trap = Assert.Throws<WasmTrapException>(() => instance.Call("spin"));
        Assert.Equal("interrupted: timeout", trap.Message);
        Assert.InRange(clock.ElapsedMilliseconds, 90, 3000);
        Assert.Equal(42, instance.CallI32("ok"));
    }

    [Fact]
    public async Task InfiniteLoop_Interrupt_TrapsInterrupted()
    {
        var instance = Wat.Instantiate(Module);
        var running = Task.Run(() => Assert.Throws<WasmTrapException>(() => instance.Call("spin")).Message);
        while (!running.IsCompleted)
        {
            instance.Interrupt();
            await Task.Delay(10);
        }

        Assert.Equal("interrupted", await running);
        Assert.Equal(42, instance.CallI32("ok"));
    }

    [Fact]
    public void InfiniteLoop_Cancellation_TrapsCanceled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var instance = Wat.Instantiate(Module, new InstanceOptions { CancellationToken = cts.Token });
        Assert.Equal("interrupted: canceled", Assert.Throws<WasmTrapException>(() => instance.Call("spin")).Message);
    }

    [Fact]
    public void Recursion_BeyondMaxCallDepth_TrapsCallStackExhausted()
    {
        var instance = Wat.Instantiate(Module, new InstanceOptions { MaxCallDepth = 500 });
        Assert.Equal(400, instance.CallI32("rec", 400));
        Assert.Equal("call stack exhausted", Assert.Throws<WasmTrapException>(() => instance.CallI32("rec", 600)).Message);
        Assert.Equal(400, instance.CallI32("rec", 400));
    }

    [Fact]
    public void InfiniteRecursion_SmallThreadStack_TrapsInsteadOfCrashing()
    {
        var instance = Wat.Instantiate(Module, new InstanceOptions { MaxCallDepth = 1_000_000 });
        string? message = null;
        var thread = new Thread(() => message = Assert.Throws<WasmTrapException>(() => instance.Call("forever")).Message, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal("call stack exhausted", message);
        Assert.Equal(42, instance.CallI32("ok"));
        Assert.Equal(1000, instance.CallI32("rec", 1000));
    }

    [Fact]
    public void Function_TooManyLocals_RejectedAtInstantiation()
    {
        var locals = string.Join(' ', Enumerable.Repeat("i64", 5000));
        var engine = new WasmEngine();
        var module = engine.Compile(Wat.ToWasm($"(module (func (local {locals})))"));
        Assert.Contains("locals", Assert.Throws<NotSupportedException>(() => new Linker(engine).Instantiate(module)).Message);
    }

    [Fact]
    public void Function_HugeOperandStack_RejectedAtInstantiation()
    {
        var pushes = string.Concat(Enumerable.Repeat("(i32.const 0) ", 5000));
        var drops = string.Concat(Enumerable.Repeat("(drop) ", 5000));
        var engine = new WasmEngine();
        var module = engine.Compile(Wat.ToWasm($"(module (func {pushes}{drops}))"));
        Assert.Contains("operand stack", Assert.Throws<NotSupportedException>(() => new Linker(engine).Instantiate(module)).Message);
    }
}
