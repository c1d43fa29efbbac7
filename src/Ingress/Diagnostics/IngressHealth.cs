namespace Wharf.Ingress.Diagnostics;

/// <summary>What the probes report: always live; ready once the first complete snapshot (initial sync) is served.</summary>
internal sealed class IngressHealth
{
    private volatile bool _synced;
    private volatile string? _feedError;

    public bool Synced => _synced;

    public void MarkSynced() => _synced = true;

    /// <summary>Records (or clears, with null) a problem of the Kubernetes feed, shown by <c>/readyz</c> before the first sync.</summary>
    public void SetFeedError(string? error) => _feedError = error;

    public (bool Ok, string Text) Liveness() => (true, "ok");

    public (bool Ok, string Text) Readiness() =>
        _synced ? (true, "ok") : (false, "initial sync not done" + (_feedError is { } e ? ": " + e : ""));
}
