using System.Diagnostics;
using Xunit.Abstractions;

namespace Wharf.Wasm.Tests.Snapshots;

/// <summary>The technique on the real target: wharf-js.wasm (QuickJS) pre-initialized with a JavaScript worker.</summary>
public class QuickJsSnapshotTests(ITestOutputHelper output)
{
    // Module state survives in the JS heap: a fresh restore must always answer 1, a reused instance would count up.
    private const string Worker = """
        let hits = 0;
        const table = Array.from({ length: 2000 }, (_, i) => ({ i, s: "item" + i }));
        export default {
          async fetch(request) {
            hits++;
            return new Response(`${hits} ${table.length}`);
          },
        };
        """;

    [Fact]
    public void Restore_QuickJsWorker_ServesEachRequestFromThePreinitializedState()
    {
        var engine = new WasmEngine();
        var module = engine.Compile(JsWorkerHarness.WharfJs());
        var harness = new JsWorkerHarness(engine, Worker);
        var source = harness.Preinitialize(module);
        var snapshot = source.CreateSnapshot();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("1 2000", harness.Handle(harness.Linker.Instantiate(module, snapshot)));
        }

        // The same instance reused keeps its JS state, which is what restoring avoids.
        Assert.Equal("1 2000", harness.Handle(source));
        Assert.Equal("2 2000", harness.Handle(source));
    }

    [Fact]
    public void Restore_QuickJsWorker_IsMuchCheaperThanPreinitialization()
    {
        var engine = new WasmEngine();
        var module = engine.Compile(JsWorkerHarness.WharfJs());
        var harness = new JsWorkerHarness(engine, Worker);

        // Warm up both paths (IL generation and JIT tiers), then time the medians.
        var source = harness.Preinitialize(module);
        var snapshot = source.CreateSnapshot();
        harness.Handle(harness.Linker.Instantiate(module, snapshot));
        var preinit = Median(5, () => harness.Preinitialize(module));
        var capture = Median(5, () => source.CreateSnapshot());
        var restore = Median(20, () => harness.Linker.Instantiate(module, snapshot));
        var request = Median(10, () => harness.Handle(harness.Linker.Instantiate(module, snapshot)));

        output.WriteLine(
            $"wharf-js: memory {snapshot.MemoryPages[0]} pages, snapshot {snapshot.MemoryBytes / 1024} KiB non-zero; " +
            $"pre-init {preinit:F2} ms, snapshot {capture:F2} ms, restore {restore:F3} ms, restore+request {request:F2} ms " +
            $"(restore {preinit / restore:F0}x cheaper)");
        Assert.True(restore * 5 < preinit, $"restore {restore:F3} ms is not much cheaper than pre-initialization {preinit:F2} ms");
    }

    private static double Median(int runs, Action action)
    {
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }
}
