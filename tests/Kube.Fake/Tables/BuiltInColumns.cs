using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// Table columns of built-in types, after the API server's printers (a subset: what the fake's objects can
/// fill in; status-derived cells show what controllers would have written, which the fake has none of).
/// </summary>
internal static class BuiltInColumns
{
    private const string NameDescription = "Name must be unique within a namespace.";

    public static IReadOnlyList<TableColumn> For(FakeResource resource)
    {
        TableColumn Path(string name, string path, int priority = 0, string type = "string") =>
            new(new PrinterColumn(name, type, path, name, priority), null);
        TableColumn Computed(string name, Func<JsonObject, JsonNode?> cell, int priority = 0, string type = "string") =>
            new(new PrinterColumn(name, type, "", name, priority), (o, _) => cell(o));
        var name = new TableColumn(new PrinterColumn("Name", "string", ".metadata.name", NameDescription, 0, "name"), null);
        var age = new TableColumn(new PrinterColumn("Age", "date", ".metadata.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0), null);

        List<TableColumn> middle = (resource.Group, resource.Plural) switch
        {
            ("", "namespaces") => [Computed("Status", o => (string?)o["status"]?["phase"] ?? "Active")],
            ("", "configmaps") => [Computed("Data", o => Count(o["data"]) + Count(o["binaryData"]), type: "integer")],
            ("", "secrets") => [Path("Type", ".type"), Computed("Data", o => Count(o["data"]), type: "integer")],
            ("", "services") =>
            [
                Computed("Type", o => (string?)o["spec"]?["type"] ?? "ClusterIP"),
                Computed("Cluster-IP", o => (string?)o["spec"]?["clusterIP"] ?? "<none>"),
                Computed("External-IP", o => o["spec"]?["externalIPs"] is JsonArray { Count: > 0 } ips ? string.Join(",", ips) : "<none>"),
                Computed("Port(s)", o => Ports(o["spec"]?["ports"] as JsonArray)),
                age,
                Computed("Selector", o => Pairs(o["spec"]?["selector"] as JsonObject), priority: 1),
            ],
            ("apps", "deployments") =>
            [
                Computed("Ready", o => $"{Int(o, "readyReplicas")}/{Replicas(o)}"),
                Computed("Up-to-date", o => Int(o, "updatedReplicas"), type: "integer"),
                Computed("Available", o => Int(o, "availableReplicas"), type: "integer"),
                age,
                Computed("Containers", o => Containers(o, "name"), priority: 1),
                Computed("Images", o => Containers(o, "image"), priority: 1),
                Computed("Selector", o => Pairs(o["spec"]?["selector"]?["matchLabels"] as JsonObject), priority: 1),
            ],
            ("apps", "daemonsets") =>
            [
                Computed("Desired", o => Int(o, "desiredNumberScheduled"), type: "integer"),
                Computed("Current", o => Int(o, "currentNumberScheduled"), type: "integer"),
                Computed("Ready", o => Int(o, "numberReady"), type: "integer"),
                Computed("Up-to-date", o => Int(o, "updatedNumberScheduled"), type: "integer"),
                Computed("Available", o => Int(o, "numberAvailable"), type: "integer"),
                Computed("Node Selector", o => Pairs(o["spec"]?["template"]?["spec"]?["nodeSelector"] as JsonObject)),
                age,
                Computed("Containers", o => Containers(o, "name"), priority: 1),
                Computed("Images", o => Containers(o, "image"), priority: 1),
            ],
            ("", "pods") =>
            [
                Computed("Ready", o => $"{(o["status"]?["containerStatuses"] as JsonArray)?.Count(s => s?["ready"]?.GetValue<bool>() == true) ?? 0}/{(o["spec"]?["containers"] as JsonArray)?.Count ?? 0}"),
                Computed("Status", o => (string?)o["status"]?["phase"] ?? "Pending"),
                Computed("Restarts", o => (o["status"]?["containerStatuses"] as JsonArray)?.Sum(s => s?["restartCount"]?.GetValue<int>() ?? 0) ?? 0, type: "integer"),
                age,
                Computed("Node", o => (string?)o["spec"]?["nodeName"] ?? "<none>", priority: 1),
            ],
            ("", "serviceaccounts") => [Computed("Secrets", o => Count(o["secrets"]), type: "integer")],
            ("apiextensions.k8s.io", "customresourcedefinitions") =>
                [new TableColumn(new PrinterColumn("Created At", "string", "", "Created At", 0, "date"), (o, _) => (string?)o["metadata"]?["creationTimestamp"])],
            _ => [],
        };

        if (middle.Contains(age) || resource.Plural == "customresourcedefinitions")
        {
            return [name, .. middle];
        }

        return [name, .. middle, age];
    }

    private static int Count(JsonNode? node) => node switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    private static long Int(JsonObject o, string field) => o["status"]?[field]?.GetValue<long>() ?? 0;

    private static long Replicas(JsonObject o) => o["spec"]?["replicas"]?.GetValue<long>() ?? 1;

    private static string Containers(JsonObject o, string field) =>
        string.Join(",", (o["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).Select(c => (string?)c?[field] ?? ""));

    private static string Pairs(JsonObject? map) =>
        map is null || map.Count == 0 ? "<none>" : string.Join(",", map.Select(p => $"{p.Key}={(string?)p.Value}"));

    private static string Ports(JsonArray? ports) =>
        ports is null || ports.Count == 0 ? "<none>" : string.Join(",", ports.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p?["port"]}{(p?["nodePort"] is { } node ? ":" + node : "")}/{(string?)p?["protocol"] ?? "TCP"}")));
}
