using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Cli.Dev;
using Wharf.Oci;

namespace Wharf.Cli.Deploy;

/// <summary>What <c>wharf deploy</c> knows beyond wharf.json: where the artifact went and how to expose it.</summary>
/// <param name="Image">The pushed artifact pinned by digest: <c>REPO@sha256:…</c>.</param>
/// <param name="Kind">Wasm or JavaScript.</param>
/// <param name="Namespace">The Worker's namespace.</param>
/// <param name="Hosts">Hosts for routes that name none in wharf.json (<c>/prefix</c> routes).</param>
/// <param name="KvNamespaces">KV binding → KvNamespace name (default: the binding name in lower case, '_' → '-').</param>
/// <param name="Secrets">Secret binding → <c>SECRET/KEY</c>.</param>
/// <param name="PullSecret">Image pull secret, if the registry needs one.</param>
internal sealed record DeployTarget(
    string Image,
    WorkerArtifactKind Kind,
    string Namespace,
    IReadOnlyList<string> Hosts,
    IReadOnlyDictionary<string, string> KvNamespaces,
    IReadOnlyDictionary<string, string> Secrets,
    string? PullSecret);

/// <summary>Builds the <c>Worker</c> (wharf.dev/v1alpha1) that <c>wharf deploy</c> applies, from wharf.json.</summary>
internal static class WorkerManifestBuilder
{
    public static JsonObject BuildWorker(DevManifest manifest, DeployTarget target)
    {
        var errors = new List<string>();
        var routes = new JsonArray();
        foreach (var route in manifest.Routes ?? [new("*", "/")])
        {
            var hosts = route.Host == "*" ? target.Hosts : [route.Host];
            if (hosts.Count == 0)
            {
                errors.Add($"route '{route.PathPrefix}' names no host: pass --host HOST (a Worker routes by host and path)");
            }

            foreach (var host in hosts)
            {
                routes.Add(new JsonObject { ["host"] = host, ["pathPrefix"] = route.PathPrefix });
            }
        }

        var spec = new JsonObject
        {
            ["module"] = new JsonObject
            {
                ["image"] = target.Image,
                ["runtime"] = target.Kind == WorkerArtifactKind.Wasm ? "wasm" : "javascript",
            },
            ["routes"] = routes,
        };
        if (target.PullSecret is { } pullSecret)
        {
            spec["module"]!["pullSecret"] = pullSecret;
        }

        if (Limits(manifest) is { Count: > 0 } limits)
        {
            spec["limits"] = limits;
        }

        if (manifest.Egress.Count > 0)
        {
            spec["egress"] = new JsonArray([.. manifest.Egress.Select(e =>
            {
                var rule = new JsonObject { ["host"] = e.Host };
                if (e.Port is { } port)
                {
                    rule["port"] = port;
                }

                return (JsonNode)rule;
            })]);
        }

        var bindings = new JsonObject();
        if (manifest.Kv.Count > 0)
        {
            bindings["kv"] = new JsonArray([.. manifest.Kv.Keys.Order(StringComparer.Ordinal).Select(name => (JsonNode)new JsonObject
            {
                ["name"] = name,
                ["namespace"] = target.KvNamespaces.TryGetValue(name, out var ns) ? ns : name.ToLowerInvariant().Replace('_', '-'),
            })]);
        }

        if (manifest.Vars.Count > 0)
        {
            bindings["vars"] = new JsonArray([.. manifest.Vars.OrderBy(v => v.Key, StringComparer.Ordinal)
                .Select(v => (JsonNode)new JsonObject { ["name"] = v.Key, ["value"] = v.Value })]);
        }

        var secrets = new JsonArray();
        foreach (var name in manifest.Secrets.Keys.Concat(target.Secrets.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            if (!target.Secrets.TryGetValue(name, out var reference) || reference.Split('/') is not [{ Length: > 0 } secret, { Length: > 0 } key])
            {
                errors.Add($"secret binding '{name}' needs --secret {name}=SECRET/KEY (a Kubernetes Secret in namespace {target.Namespace})");
                continue;
            }

            secrets.Add(new JsonObject { ["name"] = name, ["secretName"] = secret, ["key"] = key });
        }

        if (secrets.Count > 0)
        {
            bindings["secrets"] = secrets;
        }

        if (bindings.Count > 0)
        {
            spec["bindings"] = bindings;
        }

        if (errors.Count > 0)
        {
            throw new DevConfigException(string.Join(Environment.NewLine, errors));
        }

        return new JsonObject
        {
            ["apiVersion"] = "wharf.dev/v1alpha1",
            ["kind"] = "Worker",
            ["metadata"] = new JsonObject
            {
                ["name"] = manifest.Name.ToLowerInvariant().Replace('_', '-').Replace('.', '-'),
                ["namespace"] = target.Namespace,
                ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "wharf-cli" },
            },
            ["spec"] = spec,
        };
    }

    /// <summary>Only the limits wharf.json sets (the rest keep the CRD's defaults), in the CRD's units.</summary>
    private static JsonObject Limits(DevManifest manifest)
    {
        var set = manifest.Limits;
        var defaults = DevManifest.DefaultLimits;
        var limits = new JsonObject();
        if (set.Timeout != defaults.Timeout)
        {
            limits["timeout"] = ((long)set.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        if (set.MemoryBytes != defaults.MemoryBytes)
        {
            limits["memory"] = Quantity(set.MemoryBytes);
        }

        if (set.MaxRequestBodyBytes != defaults.MaxRequestBodyBytes)
        {
            limits["maxBodySize"] = Quantity(set.MaxRequestBodyBytes);
        }

        if (set.MaxConcurrency != defaults.MaxConcurrency)
        {
            limits["maxConcurrency"] = set.MaxConcurrency;
        }

        return limits;
    }

    private static string Quantity(long bytes) =>
        bytes % (1 << 20) == 0 ? $"{bytes >> 20}Mi" : bytes % 1024 == 0 ? $"{bytes >> 10}Ki" : bytes.ToString(CultureInfo.InvariantCulture);
}
