using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// The discovery documents clients read before anything else: <c>/version</c>, <c>/api</c>, <c>/apis</c>, the
/// per-group/version resource lists and the aggregated form
/// (<see href="https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api"/>).
/// </summary>
internal sealed class DiscoveryDocuments(ResourceRegistry registry)
{
    /// <summary>The Kubernetes version the fake claims to be (the kubectl these machines carry is 1.32).</summary>
    public const string Major = "1";

    /// <summary>Minor version.</summary>
    public const string Minor = "32";

    public static JsonObject Version() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["gitVersion"] = $"v{Major}.{Minor}.0-wharf-fake",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    /// <summary>The groups in the order discovery lists them: built-ins first (as registered), then custom groups.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups()
    {
        var result = new List<(string, IReadOnlyList<string>)>();
        foreach (var group in registry.All.Select(r => r.Group).Where(g => g.Length > 0).Distinct())
        {
            result.Add((group, [.. registry.All.Where(r => r.Group == group).Select(r => r.Version).Distinct()]));
        }

        return result;
    }

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public JsonObject ApiGroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. Groups().Select(g => (JsonNode)GroupBody(g.Group, g.Versions))]),
    };

    public JsonObject? ApiGroup(string group)
    {
        var match = Groups().FirstOrDefault(g => g.Group == group);
        if (match.Group is null)
        {
            return null;
        }

        var body = GroupBody(match.Group, match.Versions);
        body["kind"] = "APIGroup";
        body["apiVersion"] = "v1";
        return body;
    }

    /// <summary>The <c>APIResourceList</c> of one group/version, or null when nothing is served there.</summary>
    public JsonObject? ResourceList(string group, string version)
    {
        var resources = registry.All.Where(r => r.Group == group && r.Version == version).ToList();
        if (resources.Count == 0)
        {
            return null;
        }

        var items = new JsonArray();
        foreach (var r in resources)
        {
            var item = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = Strings(r.Verbs),
            };
            if (r.ShortNames.Count > 0)
            {
                item["shortNames"] = Strings(r.ShortNames);
            }

            if (r.Categories.Count > 0)
            {
                item["categories"] = Strings(r.Categories);
            }

            items.Add(item);
            if (r.HasStatus)
            {
                items.Add(new JsonObject
                {
                    ["name"] = r.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = r.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = items,
        };
    }

    /// <summary>
    /// <c>APIGroupDiscoveryList</c> for <c>/api</c> (core only) or <c>/apis</c> (every other group), in the
    /// requested version (<c>v2</c> or <c>v2beta1</c>: the same shape).
    /// </summary>
    public JsonObject Aggregated(bool core, string discoveryVersion)
    {
        var groups = core ? [("", (IReadOnlyList<string>)["v1"])] : Groups();
        var items = new JsonArray();
        foreach (var (group, versions) in groups)
        {
            var versionItems = new JsonArray();
            foreach (var version in versions)
            {
                var resources = new JsonArray();
                foreach (var r in registry.All.Where(r => r.Group == group && r.Version == version))
                {
                    var kind = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = r.Kind };
                    var item = new JsonObject
                    {
                        ["resource"] = r.Plural,
                        ["responseKind"] = kind,
                        ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = r.Singular,
                        ["verbs"] = Strings(r.Verbs),
                    };
                    if (r.ShortNames.Count > 0)
                    {
                        item["shortNames"] = Strings(r.ShortNames);
                    }

                    if (r.Categories.Count > 0)
                    {
                        item["categories"] = Strings(r.Categories);
                    }

                    if (r.HasStatus)
                    {
                        item["subresources"] = new JsonArray(new JsonObject
                        {
                            ["subresource"] = "status",
                            ["responseKind"] = kind.DeepClone(),
                            ["verbs"] = new JsonArray("get", "patch", "update"),
                        });
                    }

                    resources.Add(item);
                }

                versionItems.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }

            items.Add(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = group, ["creationTimestamp"] = null },
                ["versions"] = versionItems,
            });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = $"apidiscovery.k8s.io/{discoveryVersion}",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject GroupBody(string group, IReadOnlyList<string> versions) => new()
    {
        ["name"] = group,
        ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v })]),
        ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group}/{versions[0]}", ["version"] = versions[0] },
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
