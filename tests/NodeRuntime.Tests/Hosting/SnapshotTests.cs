using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Tests.TestSupport;

namespace Wharf.NodeRuntime.Tests.Hosting;

public class SnapshotTests
{
    /// <summary>wharf_init stores 41 at address 100 and logs; each request increments it and answers the byte.
    /// The mutable i32 global plays the shadow-stack pointer.</summary>
    private static readonly string Counter = Workers.Sdk(
        "(i32.store8 (i32.const 100) (i32.add (i32.load8_u (i32.const 100)) (i32.const 1))) (drop (call $write (i32.const 100) (i32.const 1))) (i32.const 0)",
        """
        (global $sp (mut i32) (i32.const 4096))
        (func (export "wharf_init") (result i32) (i32.store8 (i32.const 100) (i32.const 41)) (i32.const 0))
        """);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EveryRequest_StartsFromThePreinitializedState(bool snapshots)
    {
        await using var fx = await HostFixture.StartAsync(new WorkerHostOptions { UseSnapshots = snapshots }, Workers.Define("counter", Tools.Wat(Counter)));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal([42], await fx.Client.GetByteArrayAsync("/"));
        }
    }

    [Fact]
    public async Task SecondMutableGlobal_DefaultOptions_SameIsolation()
    {
        var twoGlobals = Counter.Replace("(global $sp (mut i32) (i32.const 4096))", "(global $sp (mut i32) (i32.const 4096)) (global $other (mut i32) (i32.const 0))", StringComparison.Ordinal);
        await using var fx = await HostFixture.StartAsync(null, Workers.Define("counter", Tools.Wat(twoGlobals)));
        Assert.Equal([42], await fx.Client.GetByteArrayAsync("/"));
        Assert.Equal([42], await fx.Client.GetByteArrayAsync("/"));
    }
}
