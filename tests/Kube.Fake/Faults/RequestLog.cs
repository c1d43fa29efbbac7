namespace Wharf.Kube.Fake;

/// <summary>A request as the fake understood it, used by fault predicates and the request log.</summary>
/// <param name="Verb">Kubernetes verb: get, list, watch, create, update, patch, apply, delete, deletecollection.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path.</param>
/// <param name="Query">Raw query string including the leading <c>?</c>, or empty.</param>
/// <param name="Group">API group, empty for core.</param>
/// <param name="Version">API version.</param>
/// <param name="Resource">Plural resource name.</param>
/// <param name="Subresource">Subresource (e.g. <c>status</c>) or null.</param>
/// <param name="Namespace">Namespace from the path, or null.</param>
/// <param name="Name">Object name from the path (or from the body of a create), or null.</param>
/// <param name="FieldManager">The <c>fieldManager</c> query parameter, or null.</param>
public sealed record FakeRequest(
    string Verb,
    string Method,
    string Path,
    string Query,
    string Group,
    string Version,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    string? FieldManager)
{
    /// <summary>True for create, update, patch, apply, delete and deletecollection.</summary>
    public bool IsWrite => Verb is "create" or "update" or "patch" or "apply" or "delete" or "deletecollection";
}

/// <summary>A served request and its outcome.</summary>
/// <param name="Sequence">Order of arrival, from 1.</param>
/// <param name="Request">The request.</param>
/// <param name="StatusCode">HTTP status code returned (200 for watches, even when an ERROR event was sent).</param>
/// <param name="Injected">Whether the response came from <see cref="FaultInjector"/>.</param>
public sealed record RecordedRequest(long Sequence, FakeRequest Request, int StatusCode, bool Injected);

/// <summary>Every request the fake served, for assertions such as "no hot loop": bounded writes per object.</summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _entries = [];
    private long _sequence;

    /// <summary>A copy of the log in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    /// <summary>Number of logged requests matching <paramref name="predicate"/>.</summary>
    public int Count(Func<RecordedRequest, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (_gate)
        {
            return _entries.Count(predicate);
        }
    }

    /// <summary>
    /// Successful (2xx, not injected) writes to one object: create, update, patch, apply, delete, on the object or
    /// its subresources.
    /// </summary>
    public int WritesTo(string resource, string? ns, string name) => Count(r =>
        r.Request.IsWrite && !r.Injected && r.StatusCode is >= 200 and < 300 && r.Request.Resource == resource &&
        r.Request.Namespace == ns && r.Request.Name == name);

    /// <summary>Forgets all entries.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal void Add(FakeRequest request, int statusCode, bool injected)
    {
        lock (_gate)
        {
            _entries.Add(new RecordedRequest(++_sequence, request, statusCode, injected));
        }
    }
}
