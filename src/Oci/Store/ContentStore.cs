using System.Collections.Concurrent;

namespace Wharf.Oci;

/// <summary>
/// A content-addressed store on the node (<c>ROOT/blobs/sha256/&lt;hex&gt;</c>), shared by every worker and runtime
/// process of the node: N workers of one digest fetch it once. In-process callers of the same digest share one
/// fetch; separate processes take a per-digest lock file (an OS lock, released when a process dies). Blobs are
/// written to a temporary file, verified, then renamed into place, so a present blob is always complete; a blob
/// found on disk is re-hashed once per process before it is trusted.
/// </summary>
public sealed class ContentStore
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _inflight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);

    /// <summary>Uses (and creates) <paramref name="root"/>.</summary>
    public ContentStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Join(Root, "blobs", "sha256"));
        Directory.CreateDirectory(Path.Join(Root, "locks"));
        Directory.CreateDirectory(Path.Join(Root, "tmp"));
    }

    /// <summary>The store directory.</summary>
    public string Root { get; }

    /// <summary>Number of fetches this instance ran (a blob already present does not count).</summary>
    public int FetchCount => _fetches;

    private int _fetches;

    /// <summary>Where the blob of <paramref name="digest"/> lives (whether or not it is present).</summary>
    public string PathOf(string digest) => Path.Join(Root, "blobs", "sha256", OciDigest.Hex(digest));

    /// <summary>
    /// The path of the verified blob <paramref name="blob"/>, running <paramref name="fetch"/> (which must write the
    /// blob's bytes to the temporary path it is given) only when no process has stored it yet.
    /// </summary>
    public async Task<string> GetOrAddAsync(OciDescriptor blob, Func<string, CancellationToken, Task> fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(fetch);
        var lazy = _inflight.GetOrAdd(blob.Digest, _ => new Lazy<Task<string>>(() => AddAsync(blob, fetch, cancellationToken)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (lazy.Value.IsCompleted)
            {
                _inflight.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(blob.Digest, lazy));
            }
        }
    }

    private async Task<string> AddAsync(OciDescriptor blob, Func<string, CancellationToken, Task> fetch, CancellationToken cancellationToken)
    {
        var path = PathOf(blob.Digest);
        if (await IsValidAsync(blob, path, cancellationToken).ConfigureAwait(false))
        {
            return path;
        }

        await using var fileLock = await LockAsync(blob.Digest, cancellationToken).ConfigureAwait(false);
        if (await IsValidAsync(blob, path, cancellationToken).ConfigureAwait(false))
        {
            return path; // Another process stored it while we waited.
        }

        var temp = Path.Join(Root, "tmp", OciDigest.Hex(blob.Digest) + "." + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Interlocked.Increment(ref _fetches);
            await fetch(temp, cancellationToken).ConfigureAwait(false);
            var info = new FileInfo(temp);
            if (!info.Exists || info.Length != blob.Size || await OciDigest.ComputeFileAsync(temp, cancellationToken).ConfigureAwait(false) != blob.Digest)
            {
                throw new RegistryException(RegistryErrorKind.DigestMismatch, $"fetched content for {blob.Digest} does not match its digest or size: refused");
            }

            File.Move(temp, path, overwrite: true);
            _verified[blob.Digest] = true;
            return path;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task<bool> IsValidAsync(OciDescriptor blob, string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return false;
        }

        if (_verified.ContainsKey(blob.Digest))
        {
            return true;
        }

        if (info.Length == blob.Size && await OciDigest.ComputeFileAsync(path, cancellationToken).ConfigureAwait(false) == blob.Digest)
        {
            _verified[blob.Digest] = true;
            return true;
        }

        File.Delete(path); // Corrupted on disk: fetch again.
        return false;
    }

    /// <summary>An exclusive per-digest lock across processes (FileShare.None is an OS-level lock on Linux).</summary>
    private async Task<FileStream> LockAsync(string digest, CancellationToken cancellationToken)
    {
        var path = Path.Join(Root, "locks", OciDigest.Hex(digest));
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
