using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// Deletion with finalizers, propagation policies and the owner-reference garbage collector
/// (<see href="https://kubernetes.io/docs/concepts/architecture/garbage-collection/"/>).
/// </summary>
internal sealed partial class ObjectStore
{
    private const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>Deletes or marks for deletion; returns the object (still present) or null when it is gone.</summary>
    public (JsonObject Object, bool Gone) Delete(FakeResource resource, string ns, string name, DeleteRequest request)
    {
        var policy = request.PropagationPolicy ?? "Background";
        if (policy is not ("Background" or "Foreground" or "Orphan"))
        {
            throw ApiError.BadRequest($"propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }

        lock (_gate)
        {
            var key = new ObjectKey(resource, ns, name);
            var obj = _objects.GetValueOrDefault(key) ?? throw ApiError.NotFound(resource, name);
            var meta = (JsonObject)obj["metadata"]!;
            if (request.PreconditionUid is { } uid && uid != (string?)meta["uid"])
            {
                throw ApiError.Conflict(resource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {(string?)meta["uid"]}");
            }

            if (request.PreconditionResourceVersion is { } rv && rv != (string?)meta["resourceVersion"])
            {
                throw ApiError.Conflict(resource, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {(string?)meta["resourceVersion"]}");
            }

            var result = DeleteCore(key, policy);
            ObjectDeleted?.Invoke();
            return result;
        }
    }

    private (JsonObject Object, bool Gone) DeleteCore(ObjectKey key, string policy)
    {
        var obj = _objects[key];
        var uid = (string?)obj["metadata"]!["uid"];
        if (policy == "Orphan")
        {
            foreach (var (depKey, dependent) in _objects.Where(p => OwnerUids(p.Value).Contains(uid)).ToList())
            {
                var next = (JsonObject)dependent.DeepClone();
                var refs = (JsonArray)next["metadata"]!["ownerReferences"]!;
                foreach (var r in refs.Where(r => (string?)r?["uid"] == uid).ToList())
                {
                    refs.Remove(r);
                }

                Commit(depKey, next, "MODIFIED", (JsonObject)dependent.DeepClone());
            }
        }

        var updated = (JsonObject)obj.DeepClone();
        var meta = (JsonObject)updated["metadata"]!;
        var changed = false;
        if (policy == "Foreground" && !Finalizers(updated).Contains(ForegroundFinalizer) && meta["deletionTimestamp"] is null)
        {
            if (meta["finalizers"] is not JsonArray list)
            {
                meta["finalizers"] = list = [];
            }

            list.Add(ForegroundFinalizer);
            changed = true;
        }

        if (Finalizers(updated).Count == 0)
        {
            return (Commit(key, updated, "DELETED", (JsonObject)obj.DeepClone()), true);
        }

        if (meta["deletionTimestamp"] is null)
        {
            meta["deletionTimestamp"] = Now();
            meta["deletionGracePeriodSeconds"] = 0;
            if (meta["generation"] is { } generation)
            {
                // As the real registry does: a graceful delete is a change of desired state.
                meta["generation"] = long.Parse(generation.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) + 1;
            }

            changed = true;
        }

        return (changed ? Commit(key, updated, "MODIFIED", (JsonObject)obj.DeepClone()) : (JsonObject)obj.DeepClone(), false);
    }

    /// <summary>
    /// One garbage-collection sweep, repeated until nothing changes: dependents whose owners are all gone are deleted
    /// (background); owners in foreground deletion lose their finalizer once no blocking dependent is left.
    /// </summary>
    public int CollectGarbage()
    {
        var actions = 0;
        lock (_gate)
        {
            for (var round = 0; round < 100; round++)
            {
                var changed = 0;
                var uids = _objects.Values.Select(o => (string?)o["metadata"]!["uid"]).ToHashSet();
                foreach (var (key, obj) in _objects.ToList())
                {
                    var owners = OwnerUids(obj);
                    if (owners.Count > 0 && owners.All(o => !uids.Contains(o)) && obj["metadata"]!["deletionTimestamp"] is null)
                    {
                        DeleteCore(key, "Background");
                        changed++;
                    }
                }

                if (_requireNamespaces)
                {
                    // The namespace controller: content of deleted or terminating namespaces goes away.
                    foreach (var (key, obj) in _objects.ToList())
                    {
                        var nsObject = key.Resource.Namespaced ? FindNamespace(key.Namespace) : null;
                        var namespaceGone = nsObject is null || nsObject["metadata"]?["deletionTimestamp"] is not null;
                        if (key.Resource.Namespaced && namespaceGone && obj["metadata"]!["deletionTimestamp"] is null)
                        {
                            DeleteCore(key, "Background");
                            changed++;
                        }
                    }
                }

                foreach (var (key, owner) in _objects.ToList())
                {
                    if (owner["metadata"]!["deletionTimestamp"] is null || !Finalizers(owner).Contains(ForegroundFinalizer))
                    {
                        continue;
                    }

                    var uid = (string?)owner["metadata"]!["uid"];
                    var dependents = _objects.Where(p => OwnerUids(p.Value).Contains(uid)).ToList();
                    foreach (var (depKey, dependent) in dependents)
                    {
                        if (dependent["metadata"]!["deletionTimestamp"] is null)
                        {
                            DeleteCore(depKey, "Foreground");
                            changed++;
                        }
                    }

                    var blocked = _objects.Values.Any(d => (d["metadata"]?["ownerReferences"] as JsonArray ?? [])
                        .Any(r => (string?)r?["uid"] == uid && r?["blockOwnerDeletion"]?.GetValue<bool>() == true));
                    if (!blocked && _objects.ContainsKey(key))
                    {
                        var next = (JsonObject)owner.DeepClone();
                        var list = (JsonArray)next["metadata"]!["finalizers"]!;
                        foreach (var f in list.Where(f => (string?)f == ForegroundFinalizer).ToList())
                        {
                            list.Remove(f);
                        }

                        Commit(key, next, list.Count == 0 ? "DELETED" : "MODIFIED", (JsonObject)owner.DeepClone());
                        changed++;
                    }
                }

                actions += changed;
                if (changed == 0)
                {
                    break;
                }
            }
        }

        return actions;
    }

    private static List<string?> OwnerUids(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray refs ? [.. refs.Select(r => (string?)r?["uid"])] : [];
}
