using System.Text;
using Wharf.Oci.Tests.Signing;
using Wharf.Oci.Tests.Support;

namespace Wharf.Oci.Tests.Artifacts;

public sealed class WorkerArtifactTests
{
    [Fact]
    public void Write_SameInputTwice_SameDigest_ConfigAndLayersAsDocumented()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var wasm = TestClients.Wasm("repro");

        var first = WorkerArtifacts.WriteWasm(OciImageLayout.Create(a.Path), wasm, "worker.wasm");
        var second = WorkerArtifacts.WriteWasm(OciImageLayout.Create(b.Path), wasm, "worker.wasm");

        Assert.Equal(first.Digest, second.Digest);
        var (_, manifest, _) = OciImageLayout.Open(a.Path).ReadSingleManifest();
        Assert.Equal(MediaTypes.WasmConfig, manifest.Config.MediaType);
        Assert.Equal(MediaTypes.WasmLayer, Assert.Single(manifest.Layers).MediaType);
        var config = Encoding.UTF8.GetString(OciImageLayout.Open(a.Path).ReadBlob(manifest.Config));
        Assert.Contains("\"architecture\":\"wasm\"", config);
        Assert.Contains(manifest.Layers[0].Digest, config);
        Assert.Equal(WorkerArtifactKind.Wasm, WorkerArtifacts.KindOf(manifest));
    }

    [Fact]
    public void KindOf_ForeignConfig_ExplainsWhy()
    {
        var manifest = new OciManifest(OciDescriptor.Of(MediaTypes.ImageConfig, "{}"u8), []);
        Assert.Contains("not a worker artifact", Assert.Throws<FormatException>(() => WorkerArtifacts.KindOf(manifest)).Message);
    }

    [RegistryFact]
    public async Task Pull_SignedUnderRequiredPolicy_StoredOnce_UnsignedAndTamperedRefused()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        using var storeDir = new TempDir();
        var store = new ContentStore(storeDir.Path);
        using var key = SigningKeys.Generate();
        var policy = new SignaturePolicy(true, [SigningKeys.ExportPublicKeyPem(key)]);
        var puller = new WorkerArtifactPuller(client, store);

        var signed = await CosignSignatureTests.PushWorkerAsync(server, client, "pull-signed");
        await new CosignSignatures(client).SignAsync(signed, key, CancellationToken.None);
        var pulled = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => puller.PullAsync(signed, policy, CancellationToken.None)));
        Assert.All(pulled, p => Assert.True(p.Signature.Verified));
        Assert.Equal(WorkerArtifactKind.Wasm, pulled[0].Kind);
        Assert.Equal(TestClients.Wasm("pull-signed"), await File.ReadAllBytesAsync(pulled[0].ModulePath));
        Assert.Equal(2, store.FetchCount); // The manifest and the one layer, once each for four pulls.

        var unsigned = await CosignSignatureTests.PushWorkerAsync(server, client, "pull-unsigned");
        var refused = await Assert.ThrowsAsync<ArtifactRefusedException>(() => puller.PullAsync(unsigned, policy, CancellationToken.None));
        Assert.Equal(ArtifactRefusal.Unsigned, refused.Refusal);

        var tampered = await CosignSignatureTests.PushWorkerAsync(server, client, "pull-tampered");
        await new CosignSignatures(client).SignAsync(tampered, key, CancellationToken.None);
        var manifest = OciManifest.Parse((await client.GetManifestAsync(tampered, CancellationToken.None)).Content);
        var layerFile = server.BlobDataPath(manifest.Layers[0].Digest);
        var bytes = await File.ReadAllBytesAsync(layerFile);
        bytes[^1] ^= 0x20;
        await File.WriteAllBytesAsync(layerFile, bytes);
        var mismatch = await Assert.ThrowsAsync<ArtifactRefusedException>(() => puller.PullAsync(tampered, policy, CancellationToken.None));
        Assert.Equal(ArtifactRefusal.DigestMismatch, mismatch.Refusal);
        Assert.False(File.Exists(store.PathOf(manifest.Layers[0].Digest)));
    }

    [RegistryFact]
    public async Task Pull_TamperedManifestOnRegistry_DigestMismatch()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        using var storeDir = new TempDir();
        var image = await CosignSignatureTests.PushWorkerAsync(server, client, "manifest-tamper");
        var path = server.BlobDataPath(image.Digest!);
        var text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text.Replace("\"schemaVersion\":2", "\"schemaVersion\":2 ", StringComparison.Ordinal));

        var ex = await Assert.ThrowsAsync<ArtifactRefusedException>(() =>
            new WorkerArtifactPuller(client, new ContentStore(storeDir.Path)).PullAsync(image, SignaturePolicy.None, CancellationToken.None));

        Assert.Equal(ArtifactRefusal.DigestMismatch, ex.Refusal);
    }
}
