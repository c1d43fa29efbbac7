using Wharf.Oci.Tests.Support;

namespace Wharf.Oci.Tests.Store;

public sealed class ContentStoreTests
{
    [Fact]
    public async Task GetOrAdd_ConcurrentCallersAndTwoStoresOnOneRoot_FetchOnce()
    {
        using var dir = new TempDir();
        var content = TestClients.RandomBytes(100_000, 11);
        var blob = OciDescriptor.Of("application/wasm", content);
        var fetches = 0;
        var gate = new TaskCompletionSource();
        async Task Fetch(string temp, CancellationToken ct)
        {
            Interlocked.Increment(ref fetches);
            await gate.Task;
            await File.WriteAllBytesAsync(temp, content, ct);
        }

        // Two stores on one root stand for two runtime processes on one node (the lock is an OS file lock).
        var a = new ContentStore(dir.Path);
        var b = new ContentStore(dir.Path);
        var callers = Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? a : b).GetOrAddAsync(blob, Fetch, CancellationToken.None)).ToList();
        gate.SetResult();
        var paths = await Task.WhenAll(callers);

        Assert.Equal(1, fetches);
        Assert.All(paths, p => Assert.Equal(a.PathOf(blob.Digest), p));
        Assert.Equal(content, await File.ReadAllBytesAsync(paths[0]));
    }

    [Fact]
    public async Task GetOrAdd_FetchWritesWrongBytes_RefusedNothingStored()
    {
        using var dir = new TempDir();
        var store = new ContentStore(dir.Path);
        var blob = OciDescriptor.Of("application/wasm", [1, 2, 3]);

        var ex = await Assert.ThrowsAsync<RegistryException>(() =>
            store.GetOrAddAsync(blob, (temp, ct) => File.WriteAllBytesAsync(temp, new byte[] { 1, 2, 4 }, ct), CancellationToken.None));

        Assert.Equal(RegistryErrorKind.DigestMismatch, ex.Kind);
        Assert.False(File.Exists(store.PathOf(blob.Digest)));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "tmp")));
    }

    [Fact]
    public async Task GetOrAdd_CorruptedOnDisk_FetchedAgain()
    {
        using var dir = new TempDir();
        var content = TestClients.RandomBytes(1000, 5);
        var blob = OciDescriptor.Of("application/wasm", content);
        var first = new ContentStore(dir.Path);
        var path = await first.GetOrAddAsync(blob, (t, ct) => File.WriteAllBytesAsync(t, content, ct), CancellationToken.None);
        var corrupted = (byte[])content.Clone();
        corrupted[0] ^= 1;
        await File.WriteAllBytesAsync(path, corrupted);

        var second = new ContentStore(dir.Path); // A new process re-hashes what it finds.
        await second.GetOrAddAsync(blob, (t, ct) => File.WriteAllBytesAsync(t, content, ct), CancellationToken.None);

        Assert.Equal(1, second.FetchCount);
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
    }
}
