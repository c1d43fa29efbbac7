using Microsoft.Extensions.Logging.Abstractions;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Kv;
using Wharf.NodeRuntime.Tests.TestSupport;
using Wharf.Wasm;

namespace Wharf.NodeRuntime.Tests.Hosting;

/// <summary>Requests run on instances restored from the engine snapshot taken after pre-initialization.</summary>
public class EngineSnapshotTests
{
    /// <summary>State beyond memory: a counter global, a table entry installed by wharf_init and a start function
    /// counting its runs at address 101. Each request bumps the counter through the table and answers
    /// [counter, start runs].</summary>
    private static readonly string Stateful = Workers.Sdk(
        """
        (global.set $count (i32.add (call_indirect (type $get) (i32.const 1)) (i32.const 1)))
        (i32.store8 (i32.const 100) (global.get $count))
        (drop (call $write (i32.const 100) (i32.const 2)))
        (i32.const 0)
        """,
        """
        (global $sp (mut i32) (i32.const 4096))
        (global $count (mut i32) (i32.const 0))
        (type $get (func (result i32)))
        (table 2 funcref)
        (elem $late func $counter)
        (func $counter (result i32) (global.get $count))
        (func $start (i32.store8 (i32.const 101) (i32.add (i32.load8_u (i32.const 101)) (i32.const 1))))
        (start $start)
        (func (export "wharf_init") (result i32)
          (global.set $count (i32.const 41))
          (table.init 0 $late (i32.const 1) (i32.const 0) (i32.const 1))
          (i32.const 0))
        """);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StatefulModule_EveryRequestStartsFromThePreinitializedState(bool snapshots)
    {
        await using var fx = await HostFixture.StartAsync(new WorkerHostOptions { UseSnapshots = snapshots }, Workers.Define("stateful", Tools.Wat(Stateful)));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal([42, 1], await fx.Client.GetByteArrayAsync("/"));
        }
    }

    [Fact]
    public async Task Load_StatefulModuleAndWharfJs_UseTheSnapshot()
    {
        var engine = new WasmEngine();
        var options = new WorkerHostOptions();
        var log = new CapturingWorkerLog();
        using var stateful = LoadedWorker.Load(Workers.Define("stateful", Tools.Wat(Stateful)), engine, options, new InMemoryKvStore(), log, NullLogger.Instance);
        var js = Workers.Define("js", Tools.WharfJs(), initData: """{"main":"index.js","modules":{"index.js":"export default { fetch() { return new Response('js'); } };"}}"""u8.ToArray())
            with { Kind = WorkerKind.Sdk, Limits = new WorkerLimits { Timeout = TimeSpan.FromSeconds(10) } };
        using var javascript = LoadedWorker.Load(js, engine, options, new InMemoryKvStore(), log, NullLogger.Instance);

        Assert.True(stateful.UsesSnapshot);
        Assert.True(javascript.UsesSnapshot);
        var response = await javascript.InvokeAsync(IncomingRequest.Empty(), CancellationToken.None);
        Assert.Equal(200, response.Status);
        Assert.Equal("js"u8.ToArray(), response.Body.ToArray());
    }
}
