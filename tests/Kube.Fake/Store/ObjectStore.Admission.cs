using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>Admission (names, labels, schema, hook), ownership tracking of updates and small helpers.</summary>
internal sealed partial class ObjectStore
{
    private void TrackUpdate(FakeResource resource, JsonObject old, JsonObject next, string manager, string subresource, List<ManagerEntry> entries)
    {
        var statusScope = subresource == "status";
        var before = FieldPaths.Of(old, statusScope, resource.HasStatus);
        var after = FieldPaths.Of(next, statusScope, resource.HasStatus);
        var changed = after.Where(p => !before.Contains(p) || !SameValue(old, next, p)).ToHashSet(StringComparer.Ordinal);
        var removed = before.Where(p => !after.Contains(p)).ToHashSet(StringComparer.Ordinal);
        if (changed.Count == 0 && removed.Count == 0)
        {
            return;
        }

        foreach (var entry in entries)
        {
            entry.Paths.ExceptWith(removed);
            if (!entry.Is(manager, "Update", subresource))
            {
                entry.Paths.ExceptWith(changed);
            }
        }

        var mine = entries.FirstOrDefault(e => e.Is(manager, "Update", subresource));
        if (mine is null)
        {
            mine = new ManagerEntry { Manager = manager, Operation = "Update", Subresource = subresource };
            entries.Add(mine);
        }

        mine.Paths.UnionWith(changed);
        mine.ApiVersion = resource.ApiVersion;
        mine.Time = _time.GetUtcNow();
        entries.RemoveAll(e => e.Paths.Count == 0 && e != mine);
    }

    private static bool SameValue(JsonObject a, JsonObject b, string path)
    {
        var hasA = FieldPaths.TryGet(a, path, out var va);
        var hasB = FieldPaths.TryGet(b, path, out var vb);
        return hasA == hasB && JsonNode.DeepEquals(va, vb);
    }

    /// <summary>Name and label syntax, then (custom resources) prune, default and validate against the schema.</summary>
    private void Admit(FakeResource resource, string name, JsonObject obj, WriteContext context)
    {
        var errors = new List<FieldError>();
        if (!LabelSyntax.IsDnsSubdomain(name))
        {
            errors.Add(new FieldError("FieldValueInvalid", "metadata.name",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
        }

        var meta = Metadata(obj);
        if (meta["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (!LabelSyntax.IsQualifiedName(key))
                {
                    errors.Add(new FieldError("FieldValueInvalid", "metadata.labels", $"Invalid value: \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.'"));
                }

                if (value is null || value.GetValueKind() != System.Text.Json.JsonValueKind.String || !LabelSyntax.IsValue((string)value!))
                {
                    errors.Add(new FieldError("FieldValueInvalid", "metadata.labels", $"Invalid value: {value?.ToJsonString() ?? "null"}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'"));
                }
            }
        }

        var finalizerList = meta["finalizers"] as JsonArray ?? [];
        for (var i = 0; i < finalizerList.Count; i++)
        {
            var finalizer = finalizerList[i]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string?)finalizerList[i] : null;
            if (finalizer is null || !LabelSyntax.IsQualifiedName(finalizer))
            {
                errors.Add(new FieldError("FieldValueInvalid", $"metadata.finalizers[{i}]",
                    $"Invalid value: {finalizerList[i]?.ToJsonString() ?? "null"}: a finalizer must be a qualified name such as 'example.com/cleanup'"));
            }
        }

        var owners = meta["ownerReferences"] as JsonArray ?? [];
        for (var i = 0; i < owners.Count; i++)
        {
            foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if (string.IsNullOrEmpty((string?)owners[i]?[field]))
                {
                    errors.Add(new FieldError("FieldValueRequired", $"metadata.ownerReferences[{i}].{field}", "Required value"));
                }
            }
        }

        if (owners.Count(o => o?["controller"]?.GetValueKind() == System.Text.Json.JsonValueKind.True) > 1)
        {
            errors.Add(new FieldError("FieldValueInvalid", "metadata.ownerReferences",
                "Invalid value: only one reference can have Controller set to true"));
        }

        if (resource.Schema is { } schema)
        {
            var unknown = SchemaValidator.Prune(obj, schema);
            if (unknown.Count > 0 && context.Validation == FieldValidation.Strict)
            {
                throw ApiError.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
            }

            if (context.Validation == FieldValidation.Warn)
            {
                context.Warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
            }

            SchemaValidator.ApplyDefaults(obj, schema);
            errors.AddRange(SchemaValidator.Validate(obj, schema));
        }
        else
        {
            BuiltInDefaults.Apply(resource, obj);
        }

        if (errors.Count == 0 && _admission is not null)
        {
            errors.AddRange(_admission(resource, (JsonObject)obj.DeepClone())
                .Select(e => new FieldError("FieldValueInvalid", e.Field, $"Invalid value: {e.Message}")));
        }

        if (errors.Count > 0)
        {
            throw ApiError.Invalid(resource, name, errors);
        }
    }

    /// <summary>
    /// Checks apiVersion/kind against the URL. For built-in types missing fields are defaulted from the URL, as the
    /// API server's decoder does (custom resources and apply configurations must carry them).
    /// </summary>
    private static void CheckTypeMeta(FakeResource resource, JsonObject body, bool defaultFromUrl = false)
    {
        if (defaultFromUrl && !resource.IsCustom)
        {
            if (string.IsNullOrEmpty((string?)body["apiVersion"]))
            {
                body["apiVersion"] = resource.ApiVersion;
            }

            if (string.IsNullOrEmpty((string?)body["kind"]))
            {
                body["kind"] = resource.Kind;
            }
        }

        var apiVersion = (string?)body["apiVersion"];
        var kind = (string?)body["kind"];
        if (string.IsNullOrEmpty(kind))
        {
            throw ApiError.BadRequest("Object 'Kind' is missing in the request body");
        }

        if (apiVersion != resource.ApiVersion || kind != resource.Kind)
        {
            throw ApiError.BadRequest($"the API version in the data ({apiVersion}) or kind ({kind}) does not match the expected {resource.ApiVersion}, Kind={resource.Kind}");
        }
    }

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject meta)
        {
            obj["metadata"] = meta = [];
        }

        return meta;
    }

    private static List<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray list ? [.. list.Select(f => (string?)f ?? "")] : [];

    private string GenerateName(FakeResource resource, string ns, string prefix)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var suffix = string.Concat(Enumerable.Range(0, 5).Select(_ => GenerateNameAlphabet[Random.Shared.Next(GenerateNameAlphabet.Length)]));
            var candidate = prefix + suffix;
            if (!_objects.ContainsKey(new ObjectKey(resource, ns, candidate)))
            {
                return candidate;
            }
        }

        throw new ApiError(500, "InternalError", "could not generate a unique name");
    }

    /// <summary>The namespace lifecycle admission check (only with <see cref="FakeKubeServerOptions.RequireNamespaces"/>).</summary>
    private void CheckNamespaceAccepts(FakeResource resource, string ns)
    {
        if (!_requireNamespaces || !resource.Namespaced)
        {
            return;
        }

        var nsObject = FindNamespace(ns);
        if (nsObject is null)
        {
            throw new ApiError(404, "NotFound", $"namespaces \"{ns}\" not found",
                new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });
        }

        if (nsObject["metadata"]?["deletionTimestamp"] is not null)
        {
            throw new ApiError(403, "Forbidden", $"unable to create new content in namespace {ns} because it is being terminated",
                new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });
        }
    }

    private JsonObject? FindNamespace(string ns) =>
        _objects.FirstOrDefault(p => p.Key.Resource.Group.Length == 0 && p.Key.Resource.Plural == "namespaces" && p.Key.Name == ns).Value;
}
