namespace Wharf.Kube.Fake.Tests;

/// <summary>Test classes share one server per class; each test uses its own namespace to stay independent.</summary>
public abstract class FakeServerTest(FakeKubeServerFixture fixture) : IClassFixture<FakeKubeServerFixture>
{
    protected FakeKubeServer Server => fixture.Server;

    protected static string NewNamespace() => "ns-" + Guid.NewGuid().ToString("N")[..10];

    internal TestApi Api() => new(Server.CreateClient());
}
