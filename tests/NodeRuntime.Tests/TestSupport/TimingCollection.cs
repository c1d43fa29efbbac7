namespace Wharf.NodeRuntime.Tests.TestSupport;

/// <summary>Tests that assert wall-clock bounds run alone: on a small shared machine, parallel test classes that
/// JIT-compile large modules starve the thread pool and distort the timings being measured.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
