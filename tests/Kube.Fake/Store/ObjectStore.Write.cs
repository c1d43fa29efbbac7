using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>Create, update, merge patch and the shared admission steps.</summary>
internal sealed partial class ObjectStore
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public JsonObject Create(FakeResource resource, string ns, JsonObject body, WriteContext context)
    {
        CheckTypeMeta(resource, body, defaultFromUrl: true);
        var meta = Metadata(body);
        if (resource.Namespaced)
        {
            var bodyNs = (string?)meta["namespace"];
            if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
            {
                throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            meta["namespace"] = ns;
        }
        else
        {
            meta.Remove("namespace");
        }

        if (!string.IsNullOrEmpty((string?)meta["resourceVersion"]))
        {
            throw new ApiError(500, "InternalError", "resourceVersion should not be set on objects to be created");
        }

        foreach (var field in new[] { "uid", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "resourceVersion" })
        {
            meta.Remove(field);
        }

        if (resource.HasStatus)
        {
            body.Remove("status");
        }

        lock (_gate)
        {
            if (string.IsNullOrEmpty((string?)meta["name"]))
            {
                var prefix = (string?)meta["generateName"];
                if (string.IsNullOrEmpty(prefix))
                {
                    throw ApiError.Invalid(resource, "", [new FieldError("FieldValueRequired", "metadata.name", "Required value: name or generateName is required")]);
                }

                meta["name"] = GenerateName(resource, ns, prefix);
            }

            var name = (string)meta["name"]!;
            CheckNamespaceAccepts(resource, ns);
            var sent = (JsonObject)body.DeepClone();
            Admit(resource, name, body, context);
            var key = new ObjectKey(resource, ns, name);
            if (_objects.ContainsKey(key))
            {
                throw ApiError.AlreadyExists(resource, name);
            }

            // Fields filled in by defaulting are owned by nobody, as on a real server.
            var entries = new List<ManagerEntry>();
            TrackUpdate(resource, new JsonObject(), sent, context.Manager, "", entries);
            ManagedFields.Write(body, entries);
            return CreateCore(key, body);
        }
    }

    private JsonObject CreateCore(ObjectKey key, JsonObject body)
    {
        var meta = Metadata(body);
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Now();
        if (key.Resource.TracksGeneration)
        {
            meta["generation"] = 1;
        }

        return Commit(key, body, "ADDED", null);
    }

    public JsonObject Update(FakeResource resource, string ns, string name, JsonObject body, WriteContext context, bool statusScope)
    {
        CheckTypeMeta(resource, body, defaultFromUrl: true);
        var meta = Metadata(body);
        var bodyName = (string?)meta["name"];
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
        {
            throw ApiError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        lock (_gate)
        {
            var key = new ObjectKey(resource, ns, name);
            var old = _objects.GetValueOrDefault(key) ?? throw ApiError.NotFound(resource, name);
            var rv = (string?)meta["resourceVersion"];
            if (string.IsNullOrEmpty(rv) && resource.RequiresResourceVersionOnUpdate)
            {
                throw ApiError.Invalid(resource, name, [new FieldError("FieldValueInvalid", "metadata.resourceVersion",
                    "Invalid value: 0x0: must be specified for an update")]);
            }

            if (!string.IsNullOrEmpty(rv) && rv != (string?)old["metadata"]!["resourceVersion"])
            {
                throw ApiError.StaleResourceVersion(resource, name);
            }

            var next = statusScope ? WithStatusOf(old, body) : WithMainOf(resource, old, body);
            return CommitUpdate(key, old, next, context, statusScope, trackAsUpdate: true);
        }
    }

    /// <summary>JSON merge patch (RFC 7386); a resourceVersion in the patch is a precondition.</summary>
    public JsonObject MergePatch(FakeResource resource, string ns, string name, JsonNode patch, WriteContext context, bool statusScope)
    {
        if (patch is not JsonObject patchObject)
        {
            throw ApiError.BadRequest("a merge patch must be a JSON object");
        }

        return Patch(resource, ns, name, current => JsonMergePatch.Apply(current, patchObject), context, statusScope);
    }

    /// <summary>
    /// Patches the current object under the store lock (so concurrent patches never conflict, as on a real
    /// server); a resourceVersion the patch sets that differs from the current one is a failed precondition.
    /// </summary>
    public JsonObject Patch(FakeResource resource, string ns, string name, Func<JsonNode, JsonNode?> patch, WriteContext context, bool statusScope)
    {
        lock (_gate)
        {
            var key = new ObjectKey(resource, ns, name);
            var old = _objects.GetValueOrDefault(key) ?? throw ApiError.NotFound(resource, name);
            var patched = patch(old.DeepClone()) as JsonObject
                ?? throw ApiError.BadRequest("the patch turned the object into a non-object");
            var rv = (string?)patched["metadata"]?["resourceVersion"];
            if (rv is not null && rv != (string?)old["metadata"]!["resourceVersion"])
            {
                throw ApiError.StaleResourceVersion(resource, name);
            }

            patched["apiVersion"] = resource.ApiVersion;
            patched["kind"] = resource.Kind;
            var next = statusScope ? WithStatusOf(old, patched) : WithMainOf(resource, old, patched);
            return CommitUpdate(key, old, next, context, statusScope, trackAsUpdate: true);
        }
    }

    /// <summary>The update path shared by replace, patch and apply: admission, no-op detection, generation, finalizers.</summary>
    private JsonObject CommitUpdate(ObjectKey key, JsonObject old, JsonObject next, WriteContext context, bool statusScope, bool trackAsUpdate)
    {
        var resource = key.Resource;
        var oldMeta = (JsonObject)old["metadata"]!;
        var nextMeta = Metadata(next);
        if (oldMeta["deletionTimestamp"] is not null)
        {
            var before = Finalizers(old);
            if (Finalizers(next).Any(f => !before.Contains(f)))
            {
                throw ApiError.Invalid(resource, key.Name, [new FieldError("FieldValueForbidden", "metadata.finalizers",
                    "Forbidden: no new finalizers can be added if the object is being deleted")]);
            }
        }

        Admit(resource, key.Name, next, context);
        next = Normalize(next);
        nextMeta = (JsonObject)next["metadata"]!;
        nextMeta["resourceVersion"] = oldMeta["resourceVersion"]?.DeepClone();
        if (JsonNode.DeepEquals(WithoutBookkeeping(old), WithoutBookkeeping(next)))
        {
            // A real server does not write (no new resourceVersion, no event) when nothing changed.
            return (JsonObject)old.DeepClone();
        }

        if (resource.TracksGeneration && SpecChanged(resource, old, next))
        {
            nextMeta["generation"] = (oldMeta["generation"] is { } generation ? long.Parse(generation.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : 0) + 1;
        }

        if (trackAsUpdate)
        {
            var entries = ManagedFields.Read(next);
            TrackUpdate(resource, old, next, context.Manager, statusScope ? "status" : "", entries);
            ManagedFields.Write(next, entries);
        }

        if (nextMeta["deletionTimestamp"] is not null && Finalizers(next).Count == 0)
        {
            var deleted = Commit(key, next, "DELETED", old);
            ObjectDeleted?.Invoke();
            return deleted;
        }

        return Commit(key, next, "MODIFIED", (JsonObject)old.DeepClone());
    }

    /// <summary>Main endpoint: everything but status and server-owned metadata comes from the request.</summary>
    private static JsonObject WithMainOf(FakeResource resource, JsonObject old, JsonObject body)
    {
        var next = (JsonObject)body.DeepClone();
        var meta = Metadata(next);
        var oldMeta = (JsonObject)old["metadata"]!;
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name", "managedFields" })
        {
            meta.Remove(field);
            if (oldMeta[field] is { } value)
            {
                meta[field] = value.DeepClone();
            }
        }

        if (resource.HasStatus)
        {
            next.Remove("status");
            if (old["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
        }

        return next;
    }

    /// <summary>Status subresource: only status comes from the request.</summary>
    private static JsonObject WithStatusOf(JsonObject old, JsonObject body)
    {
        var next = (JsonObject)old.DeepClone();
        next.Remove("status");
        if (body["status"] is { } status)
        {
            next["status"] = status.DeepClone();
        }

        return next;
    }

    private static bool SpecChanged(FakeResource resource, JsonObject old, JsonObject next)
    {
        static JsonObject Desired(JsonObject obj, bool hasStatus)
        {
            var copy = (JsonObject)obj.DeepClone();
            copy.Remove("metadata");
            if (hasStatus)
            {
                copy.Remove("status");
            }

            return copy;
        }

        return !JsonNode.DeepEquals(Desired(old, resource.HasStatus), Desired(next, resource.HasStatus));
    }

    /// <summary>Re-reads the object from text so every value is JSON-backed (typed values do not convert between number types).</summary>
    private static JsonObject Normalize(JsonObject obj) => (JsonObject)JsonNode.Parse(obj.ToJsonString())!;

    private static JsonObject WithoutBookkeeping(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        var meta = (JsonObject)copy["metadata"]!;
        meta.Remove("managedFields");
        meta.Remove("resourceVersion");
        return copy;
    }
}
