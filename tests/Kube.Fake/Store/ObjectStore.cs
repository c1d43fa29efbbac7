using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// The fake's etcd: untyped JSON objects keyed by resource/namespace/name, one global revision counter, a bounded
/// event history for watches, and the open watchers. Every operation runs under one lock.
/// </summary>
internal sealed partial class ObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, JsonObject> _objects = [];
    private readonly LinkedList<StoreEvent> _history = new();
    private readonly List<Watcher> _watchers = [];
    private readonly int _historyLimit;
    private readonly TimeProvider _time;
    private long _revision;
    private long _compactedRevision;

    private readonly Func<FakeResource, JsonObject, IEnumerable<AdmissionError>>? _admission;
    private readonly bool _requireNamespaces;

    public ObjectStore(int historyLimit, TimeProvider time, Func<FakeResource, JsonObject, IEnumerable<AdmissionError>>? admission = null, bool requireNamespaces = false)
    {
        _historyLimit = historyLimit;
        _time = time;
        _admission = admission;
        _requireNamespaces = requireNamespaces;
    }

    /// <summary>Raised (outside no lock guarantees) after a delete, so the garbage collector runs soon.</summary>
    public event Action? ObjectDeleted;

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    public int WatcherCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    public JsonObject? TryGet(FakeResource resource, string ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(new ObjectKey(resource, ns, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    public JsonObject Get(FakeResource resource, string ns, string name) =>
        TryGet(resource, ns, name) ?? throw ApiError.NotFound(resource, name);

    public (List<JsonObject> Items, long Revision, string? Continue, long? Remaining) List(
        FakeResource resource, string? ns, LabelSelector labels, FieldSelector fields, int limit, string? continueToken)
    {
        lock (_gate)
        {
            var revision = _revision;
            string? after = null;
            if (!string.IsNullOrEmpty(continueToken))
            {
                (revision, after) = DecodeContinue(continueToken);
                if (revision < _compactedRevision)
                {
                    throw ApiError.Gone("The provided continue parameter is too old to display a consistent list result. " +
                        "You can start a new list without the continue parameter.");
                }
            }

            var matching = _objects
                .Where(p => p.Key.Resource == resource && (ns is null || p.Key.Namespace == ns))
                .Select(p => (Sort: SortKey(p.Key), p.Value))
                .Where(p => after is null || string.CompareOrdinal(p.Sort, after) > 0)
                .Where(p => labels.Matches(p.Value) && fields.Matches(p.Value))
                .OrderBy(p => p.Sort, StringComparer.Ordinal)
                .ToList();
            if (limit <= 0 || matching.Count <= limit)
            {
                return ([.. matching.Select(p => (JsonObject)p.Value.DeepClone())], revision, null, null);
            }

            var page = matching.Take(limit).ToList();
            var token = EncodeContinue(revision, page[^1].Sort);
            return ([.. page.Select(p => (JsonObject)p.Value.DeepClone())], revision, token, matching.Count - limit);
        }
    }

    /// <summary>Opens a watch; throws <see cref="ApiError"/> 410 when <paramref name="resourceVersion"/> is compacted.</summary>
    public Watcher Watch(FakeResource resource, string? ns, LabelSelector labels, FieldSelector fields, string? resourceVersion)
    {
        var watcher = new Watcher { Resource = resource, Namespace = ns, Labels = labels, Fields = fields };
        lock (_gate)
        {
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                // "Get state and start at most recent": synthetic ADDED events for the current objects.
                foreach (var (key, obj) in _objects.OrderBy(p => SortKey(p.Key), StringComparer.Ordinal))
                {
                    watcher.Deliver(new StoreEvent(_revision, "ADDED", key.Resource, key.Namespace, (JsonObject)obj.DeepClone(), null));
                }
            }
            else
            {
                var from = ParseResourceVersion(resourceVersion);
                if (from < _compactedRevision)
                {
                    throw ApiError.Gone($"too old resource version: {from} ({_compactedRevision})");
                }

                foreach (var e in _history.Where(e => e.Revision > from))
                {
                    watcher.Deliver(e);
                }
            }

            _watchers.Add(watcher);
        }

        return watcher;
    }

    public void StopWatch(Watcher watcher)
    {
        lock (_gate)
        {
            _watchers.Remove(watcher);
        }
    }

    /// <summary>Closes every open watch connection; returns how many were open.</summary>
    public int DropWatches(bool abort)
    {
        lock (_gate)
        {
            foreach (var w in _watchers)
            {
                w.AbortOnDrop = abort;
                w.Dropped.Cancel();
            }

            return _watchers.Count;
        }
    }

    /// <summary>Forgets the watch history: watches and continue tokens from older versions get 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedRevision = _revision;
        }
    }

    /// <summary>
    /// The current revision when the watcher has nothing queued (so a bookmark cannot overtake an event), else null.
    /// </summary>
    public long? BookmarkRevision(Watcher watcher)
    {
        lock (_gate)
        {
            return watcher.Queue.Reader.Count == 0 ? _revision : null;
        }
    }

    private static long ParseResourceVersion(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiError.BadRequest($"invalid resource version: \"{text}\"");

    private static string SortKey(ObjectKey key) => key.Namespace + "/" + key.Name;

    private static string EncodeContinue(long revision, string after) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["rv"] = revision,
            ["start"] = after,
        })));

    private static (long Revision, string After) DecodeContinue(string token)
    {
        try
        {
            var node = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)))!;
            return (node["rv"]!.GetValue<long>(), node["start"]!.GetValue<string>());
        }
        catch (Exception e) when (e is FormatException or JsonException or NullReferenceException or InvalidOperationException)
        {
            throw ApiError.BadRequest($"continue key is not valid: {e.Message}");
        }
    }

    /// <summary>Stores <paramref name="obj"/> (or removes it for DELETED) at a new revision and notifies watchers.</summary>
    private JsonObject Commit(ObjectKey key, JsonObject obj, string type, JsonObject? previous)
    {
        obj = Normalize(obj);
        _revision++;
        obj["metadata"]!["resourceVersion"] = _revision.ToString(CultureInfo.InvariantCulture);
        if (type == "DELETED")
        {
            _objects.Remove(key);
        }
        else
        {
            _objects[key] = obj;
        }

        var snapshot = (JsonObject)obj.DeepClone();
        var e = new StoreEvent(_revision, type, key.Resource, key.Namespace, snapshot, previous);
        _history.AddLast(e);
        while (_history.Count > _historyLimit)
        {
            _compactedRevision = _history.First!.Value.Revision;
            _history.RemoveFirst();
        }

        foreach (var w in _watchers)
        {
            w.Deliver(e);
        }

        return (JsonObject)snapshot.DeepClone();
    }

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
