using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// Server-side apply (<see href="https://kubernetes.io/docs/reference/using-api/server-side-apply/"/>) at the
/// granularity of <see cref="FieldPaths"/>: conflicts with other managers' differing fields, forced takeover,
/// removal of fields the manager stopped applying, create-on-apply.
/// </summary>
internal sealed partial class ObjectStore
{
    public (JsonObject Object, bool Created) Apply(
        FakeResource resource, string ns, string name, JsonObject applied, WriteContext context, bool force, bool statusScope)
    {
        CheckTypeMeta(resource, applied);
        var appliedMeta = Metadata(applied);
        var appliedName = (string?)appliedMeta["name"];
        if (appliedName != name)
        {
            throw ApiError.BadRequest($"the name of the object ({appliedName}) does not match the name on the URL ({name})");
        }

        var appliedNs = (string?)appliedMeta["namespace"];
        if (resource.Namespaced && !string.IsNullOrEmpty(appliedNs) && appliedNs != ns)
        {
            throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var precondition = (string?)appliedMeta["resourceVersion"];
        lock (_gate)
        {
            var key = new ObjectKey(resource, ns, name);
            var old = _objects.GetValueOrDefault(key);
            if (old is null && statusScope)
            {
                throw ApiError.NotFound(resource, name);
            }

            if (!string.IsNullOrEmpty(precondition) && precondition != (string?)old?["metadata"]?["resourceVersion"])
            {
                throw old is null ? ApiError.NotFound(resource, name) : ApiError.StaleResourceVersion(resource, name);
            }

            var merged = old is null ? NewShell(resource, ns, name) : (JsonObject)old.DeepClone();
            var subresource = statusScope ? "status" : "";
            var entries = ManagedFields.Read(merged);
            var appliedPaths = FieldPaths.Of(applied, statusScope, resource.HasStatus);

            var conflicts = (from path in appliedPaths
                             where !FieldPaths.IsEmptyObject(applied, path)
                             from entry in entries
                             where entry.Subresource == subresource && !entry.Is(context.Manager, "Apply", subresource)
                                   && entry.Paths.Contains(path) && !SameValue(merged, applied, path)
                             select (entry, path)).ToList();
            if (conflicts.Count > 0 && !force)
            {
                throw ConflictError(resource, name, conflicts);
            }

            foreach (var (entry, path) in conflicts)
            {
                entry.Paths.Remove(path);
            }

            var mine = entries.FirstOrDefault(e => e.Is(context.Manager, "Apply", subresource));
            if (mine is null)
            {
                mine = new ManagerEntry { Manager = context.Manager, Operation = "Apply", Subresource = subresource };
                entries.Add(mine);
            }

            foreach (var path in mine.Paths.Where(p => !appliedPaths.Contains(p)).ToList())
            {
                // A field this manager no longer applies is removed unless someone else still owns it.
                if (!entries.Any(e => e != mine && e.Paths.Contains(path)))
                {
                    FieldPaths.Remove(merged, path);
                }
            }

            foreach (var path in appliedPaths)
            {
                FieldPaths.TryGet(applied, path, out var value);
                if (value is JsonObject { Count: 0 } && FieldPaths.TryGet(merged, path, out var existing) && existing is JsonObject)
                {
                    // An empty object in an apply configuration asserts the object exists; it does not clear it.
                    continue;
                }

                FieldPaths.Set(merged, path, value);
            }

            mine.Paths.Clear();
            mine.Paths.UnionWith(appliedPaths);
            mine.ApiVersion = resource.ApiVersion;
            mine.Time = _time.GetUtcNow();
            entries.RemoveAll(e => e.Paths.Count == 0);
            ManagedFields.Write(merged, entries);

            if (old is null)
            {
                CheckNamespaceAccepts(resource, ns);
                Admit(resource, name, merged, context);
                return (CreateCore(key, merged), true);
            }

            return (CommitUpdate(key, old, merged, context, statusScope, trackAsUpdate: false), false);
        }
    }

    private static JsonObject NewShell(FakeResource resource, string ns, string name)
    {
        var meta = new JsonObject { ["name"] = name };
        if (resource.Namespaced)
        {
            meta["namespace"] = ns;
        }

        return new JsonObject { ["apiVersion"] = resource.ApiVersion, ["kind"] = resource.Kind, ["metadata"] = meta };
    }

    private static ApiError ConflictError(FakeResource resource, string name, List<(ManagerEntry Entry, string Path)> conflicts)
    {
        var lines = conflicts.Select(c => $"conflict with \"{c.Entry.Manager}\" using {c.Entry.ApiVersion}: {FieldPaths.Display(c.Path)}").ToList();
        var plural = conflicts.Count == 1 ? "conflict" : "conflicts";
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = resource.Group.Length == 0 ? null : resource.Group,
            ["kind"] = resource.Plural,
            ["causes"] = new JsonArray([.. conflicts.Select(c => (JsonNode)new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with \"{c.Entry.Manager}\" using {c.Entry.ApiVersion}",
                ["field"] = FieldPaths.Display(c.Path),
            })]),
        };
        return new ApiError(409, "Conflict", $"Apply failed with {conflicts.Count} {plural}: {string.Join("; ", lines)}", details);
    }
}
