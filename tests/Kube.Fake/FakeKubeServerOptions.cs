namespace Wharf.Kube.Fake;

/// <summary>Settings of a <see cref="FakeKubeServer"/>; checked by <see cref="Validate"/> when the server starts.</summary>
public sealed record FakeKubeServerOptions
{
    /// <summary>
    /// Directory of CRD manifests to serve and validate against. Null serves the Wharf CRDs embedded from
    /// <c>config/crd/bases</c> at build time.
    /// </summary>
    public string? CrdDirectory { get; init; }

    /// <summary>Further resource types to serve (no schema validation).</summary>
    public IReadOnlyList<FakeResource> AdditionalResources { get; init; } = [];

    /// <summary>How often an idle watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK event.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Number of change events kept for watches (the compaction window); watching from an older resourceVersion
    /// gets 410 Gone. <see cref="FakeKubeServer.Compact"/> empties the window at once.
    /// </summary>
    public int WatchHistoryLimit { get; init; } = 10_000;

    /// <summary>Period of the owner-reference garbage collector (it also runs right after every delete).</summary>
    public TimeSpan GarbageCollectionInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Extra admission check run after schema validation on every create/update/patch/apply, like a validating
    /// webhook or the CRDs' CEL rules (which the fake does not evaluate). Returned errors make the request fail
    /// with 422 Invalid.
    /// </summary>
    public Func<FakeResource, System.Text.Json.Nodes.JsonObject, IEnumerable<AdmissionError>>? Admission { get; init; }

    /// <summary>
    /// Namespace lifecycle: creating into a namespace without a Namespace object gets 404, into a terminating one
    /// 403, and the garbage collector deletes the content of deleted namespaces. Off by default so tests need not
    /// create namespaces first.
    /// </summary>
    public bool RequireNamespaces { get; init; }

    /// <summary>TCP port on 127.0.0.1 to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Clock for timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> for unusable settings.</summary>
    public void Validate()
    {
        if (BookmarkInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(BookmarkInterval)} must be positive, got {BookmarkInterval}", nameof(BookmarkInterval));
        }

        if (WatchHistoryLimit < 1)
        {
            throw new ArgumentException($"{nameof(WatchHistoryLimit)} must be at least 1, got {WatchHistoryLimit}", nameof(WatchHistoryLimit));
        }

        if (GarbageCollectionInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(GarbageCollectionInterval)} must be positive, got {GarbageCollectionInterval}", nameof(GarbageCollectionInterval));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"{nameof(Port)} must be 0 (any free port) or 1-65535, got {Port}", nameof(Port));
        }

        if (CrdDirectory is not null && !Directory.Exists(CrdDirectory))
        {
            throw new ArgumentException($"CRD directory '{CrdDirectory}' does not exist", nameof(CrdDirectory));
        }
    }
}
