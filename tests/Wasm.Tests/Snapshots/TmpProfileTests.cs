using System.Diagnostics;
using Xunit.Abstractions;

namespace Wharf.Wasm.Tests.Snapshots;

public class TmpProfileTests(ITestOutputHelper output)
{
    [Fact]
    public void Profile()
    {
        var engine = new WasmEngine();
        var module = engine.Compile(JsWorkerHarness.WharfJs());
        var harness = new JsWorkerHarness(engine, "export default { fetch() { return new Response('x'); } };");
        var source = harness.Preinitialize(module);
        var snapshot = source.CreateSnapshot();
        for (var round = 0; round < 3; round++)
        {
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < 100; i++)
            {
                _ = snapshot.Memories[0].Restore(module.Module.Memories[0], null);
            }

            var t1 = Stopwatch.GetTimestamp();
            for (var i = 0; i < 100; i++)
            {
                _ = harness.Linker.Instantiate(module, snapshot);
            }

            var t2 = Stopwatch.GetTimestamp();
            for (var i = 0; i < 100; i++)
            {
                _ = new WasmMemory(35, null);
            }

            var t3 = Stopwatch.GetTimestamp();
            output.WriteLine($"mem restore {Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds / 100:F3} ms, full {Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds / 100:F3} ms, alloc only {Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds / 100:F3} ms, runs {snapshot.Memories[0].Runs.Length} gc {GC.CollectionCount(2)}");
        }
    }
}
