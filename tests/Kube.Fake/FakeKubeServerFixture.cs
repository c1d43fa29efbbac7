using Xunit;

namespace Wharf.Kube.Fake;

/// <summary>
/// xunit fixture owning one <see cref="FakeKubeServer"/> per test class (<c>IClassFixture&lt;FakeKubeServerFixture&gt;</c>).
/// Derive and override <see cref="CreateOptions"/> for other settings.
/// </summary>
public class FakeKubeServerFixture : IAsyncLifetime
{
    private FakeKubeServer? _server;

    /// <summary>The running server.</summary>
    public FakeKubeServer Server => _server ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await FakeKubeServer.StartAsync(CreateOptions()).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Options for the server; the defaults serve the Wharf CRDs.</summary>
    protected virtual FakeKubeServerOptions CreateOptions() => new();
}
