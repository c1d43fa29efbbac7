using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.EndToEnd;

/// <summary>One fake API server and one running operator shared by a test class (tests use their own namespaces).</summary>
public sealed class OperatorFixture : IAsyncLifetime
{
    internal OperatorHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await OperatorHarness.StartAsync();
        await Harness.StartOperatorAsync();
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
