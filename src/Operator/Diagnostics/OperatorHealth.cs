namespace Wharf.Operator.Diagnostics;

/// <summary>
/// What the probes report. Live unless the controller loop crashed; ready once the informer caches are synced,
/// whether this replica leads or stands by (a warm standby is a healthy replica).
/// </summary>
internal sealed class OperatorHealth
{
    private volatile bool _synced;
    private volatile bool _leading;
    private volatile string? _fault;

    public bool CachesSynced => _synced;

    public bool Leading => _leading;

    public string? Fault => _fault;

    public void MarkSynced() => _synced = true;

    public void SetLeading(bool leading) => _leading = leading;

    public void MarkFaulted(string reason) => _fault = reason;

    public (bool Ok, string Text) Liveness() => _fault is { } f ? (false, "controller loop crashed: " + f) : (true, "ok");

    public (bool Ok, string Text) Readiness() =>
        !_synced ? (false, "informer caches not synced")
        : _fault is { } f ? (false, "controller loop crashed: " + f)
        : (true, _leading ? "ok (leading)" : "ok (standby)");
}
