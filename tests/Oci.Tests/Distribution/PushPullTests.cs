using Wharf.Oci.Tests.Support;

namespace Wharf.Oci.Tests.Distribution;

public sealed class PushPullTests
{
    [RegistryTheory]
    [InlineData(0L)]          // monolithic: POST + one PUT
    [InlineData(64L * 1024)]  // chunked: PATCH 64 KiB chunks + closing PUT
    public async Task PushBlob_MonolithicOrChunked_PullsBackByDigestIdentical(long chunkSize)
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server, chunkSize);
        var repo = TestClients.Ref(server, "tenant/blobs");
        var content = TestClients.RandomBytes(300_000, (int)chunkSize);
        var blob = OciDescriptor.Of("application/octet-stream", content);
        long reported = 0;
        var progress = new SyncProgress(v => reported = Math.Max(reported, v));

        Assert.Equal(BlobPushResult.Uploaded, await client.PushBlobAsync(repo, blob, () => new MemoryStream(content), progress: progress));
        Assert.Equal(content.Length, reported);
        Assert.Equal(BlobPushResult.Existed, await client.PushBlobAsync(repo, blob, () => new MemoryStream(content)));
        Assert.Equal(content, await client.GetBlobAsync(repo, blob, CancellationToken.None));
    }

    [RegistryFact]
    public async Task PushBlob_MountFromOtherRepository_MountsWithoutUpload()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        var content = TestClients.RandomBytes(10_000, 7);
        var blob = OciDescriptor.Of("application/octet-stream", content);
        await client.PushBlobAsync(TestClients.Ref(server, "team-a/app"), blob, () => new MemoryStream(content));

        var opened = 0;
        var result = await client.PushBlobAsync(TestClients.Ref(server, "team-b/app"), blob, () =>
        {
            opened++;
            return new MemoryStream(content);
        }, mountFrom: "team-a/app");

        Assert.Equal(BlobPushResult.Mounted, result);
        Assert.Equal(0, opened);
        Assert.True(await client.BlobExistsAsync(TestClients.Ref(server, "team-b/app"), blob.Digest, CancellationToken.None));
    }

    [RegistryFact]
    public async Task Manifest_PutThenResolveTag_DigestMatchesBytes_PinnedGetVerifies()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        using var dir = new TempDir();
        var layout = OciImageLayout.Create(dir.Path);
        var pushed = WorkerArtifacts.WriteWasm(layout, TestClients.Wasm("manifest"), "worker.wasm");
        var image = TestClients.Ref(server, "tenant/hello:1.0");

        var digest = await TestClients.PushLayoutAsync(client, layout, image, "1.0");

        Assert.Equal(pushed.Digest, digest);
        Assert.Equal(digest, await client.ResolveDigestAsync(image, CancellationToken.None));
        var manifest = await client.GetManifestAsync(image.WithDigest(digest), CancellationToken.None);
        Assert.Equal(digest, manifest.Digest);
        Assert.Equal(MediaTypes.ImageManifest, manifest.MediaType);
    }

    [RegistryFact]
    public async Task DownloadBlob_TamperedOnRegistryDisk_DigestMismatchAndNoFileLeft()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        using var dir = new TempDir();
        var repo = TestClients.Ref(server, "tenant/tamper");
        var content = TestClients.RandomBytes(50_000, 3);
        var blob = OciDescriptor.Of("application/octet-stream", content);
        await client.PushBlobAsync(repo, blob, () => new MemoryStream(content));
        var stored = server.BlobDataPath(blob.Digest);
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[1000] ^= 0xff;
        await File.WriteAllBytesAsync(stored, bytes);

        var target = Path.Combine(dir.Path, "blob");
        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.DownloadBlobAsync(repo, blob, target, CancellationToken.None));

        Assert.Equal(RegistryErrorKind.DigestMismatch, ex.Kind);
        Assert.Contains("does not match its digest", ex.Message);
        Assert.False(File.Exists(target));
    }

    [RegistryFact]
    public async Task GetBlob_DescriptorSizeLargerThanLimit_TooLargeBeforeDownload()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = new RegistryClient(new RegistryClientOptions { MaxBlobBytes = 1000 });
        var blob = OciDescriptor.Of("application/octet-stream", TestClients.RandomBytes(2000, 1));

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.GetBlobAsync(TestClients.Ref(server, "t/x"), blob, CancellationToken.None));

        Assert.Equal(RegistryErrorKind.TooLarge, ex.Kind);
    }

    [RegistryFact]
    public async Task GetManifest_UnknownDigest_NotFound_UnreachableRegistry_NamesHost()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        var missing = TestClients.Ref(server, "tenant/none").WithDigest(OciDigest.Compute([1, 2, 3]));
        var notFound = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(missing, CancellationToken.None));
        Assert.Equal(RegistryErrorKind.NotFound, notFound.Kind);

        using var closed = new RegistryClient(new RegistryClientOptions { MaxAttempts = 2, InitialBackoff = TimeSpan.Zero });
        var dead = ImageReference.Parse($"127.0.0.1:{RegistryServer.FreePort()}/t/x:1");
        var unreachable = await Assert.ThrowsAsync<RegistryException>(() => closed.ResolveDigestAsync(dead, CancellationToken.None));
        Assert.Equal(RegistryErrorKind.Unreachable, unreachable.Kind);
        Assert.Contains(dead.Registry, unreachable.Message);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the value when the call returns.</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
