using Wharf.Oci.Tests.Support;

namespace Wharf.Oci.Tests.Distribution;

public sealed class AuthTests
{
    [RegistryTheory]
    [InlineData(RegistryAuth.Basic)]
    [InlineData(RegistryAuth.Bearer)]
    public async Task PushAndPull_WithCredentials_Succeed(RegistryAuth auth)
    {
        await using var server = await RegistryServer.StartAsync(auth);
        using var client = TestClients.For(server, chunkSize: 4096);
        using var dir = new TempDir();
        var layout = OciImageLayout.Create(dir.Path);
        WorkerArtifacts.WriteWasm(layout, TestClients.Wasm("auth-" + auth), "worker.wasm");
        var image = TestClients.Ref(server, "tenant/private:v1");

        var digest = await TestClients.PushLayoutAsync(client, layout, image, "v1");

        Assert.Equal(digest, await client.ResolveDigestAsync(image, CancellationToken.None));
        if (auth == RegistryAuth.Bearer)
        {
            Assert.True(server.TokenRequests > 0);
        }
    }

    [RegistryTheory]
    [InlineData(RegistryAuth.Basic)]
    [InlineData(RegistryAuth.Bearer)]
    public async Task Resolve_NoOrWrongCredentials_UnauthorizedNamingTheCause(RegistryAuth auth)
    {
        await using var server = await RegistryServer.StartAsync(auth);
        var image = TestClients.Ref(server, "tenant/private:v1");
        using var anonymous = new RegistryClient(new RegistryClientOptions());
        using var wrong = new RegistryClient(new RegistryClientOptions(), _ => new RegistryCredentials("robot", "wrong-password"));

        var none = await Assert.ThrowsAsync<RegistryException>(() => anonymous.ResolveDigestAsync(image, CancellationToken.None));
        var bad = await Assert.ThrowsAsync<RegistryException>(() => wrong.ResolveDigestAsync(image, CancellationToken.None));

        Assert.Equal(RegistryErrorKind.Unauthorized, none.Kind);
        Assert.Equal(RegistryErrorKind.Unauthorized, bad.Kind);
        Assert.Contains("robot", bad.Message);
        Assert.DoesNotContain("wrong-password", bad.Message);
    }
}
