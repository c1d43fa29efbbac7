using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// The API server's defaulting of built-in types, for the fields clients rely on being set (kubectl describe
/// dereferences <c>spec.replicas</c> and <c>spec.strategy</c> of a Deployment, for one). A subset of
/// <see href="https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/v1/defaults.go"/> and the core
/// defaults: workloads, pod templates, services, namespaces and secrets.
/// </summary>
internal static class BuiltInDefaults
{
    private static readonly string[] ContainerLists = ["initContainers", "containers"];

    public static void Apply(FakeResource resource, JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        switch (resource.Group, resource.Plural)
        {
            case ("apps", "deployments") when spec is not null:
                Set(spec, "replicas", 1);
                Set(spec, "revisionHistoryLimit", 10);
                Set(spec, "progressDeadlineSeconds", 600);
                var strategy = Child(spec, "strategy");
                Set(strategy, "type", "RollingUpdate");
                if ((string?)strategy["type"] == "RollingUpdate")
                {
                    var rolling = Child(strategy, "rollingUpdate");
                    Set(rolling, "maxUnavailable", "25%");
                    Set(rolling, "maxSurge", "25%");
                }

                PodTemplate(spec);
                break;
            case ("apps", "daemonsets") when spec is not null:
                Set(spec, "revisionHistoryLimit", 10);
                var update = Child(spec, "updateStrategy");
                Set(update, "type", "RollingUpdate");
                if ((string?)update["type"] == "RollingUpdate")
                {
                    var rolling = Child(update, "rollingUpdate");
                    Set(rolling, "maxUnavailable", 1);
                    Set(rolling, "maxSurge", 0);
                }

                PodTemplate(spec);
                break;
            case ("apps", "statefulsets") when spec is not null:
                Set(spec, "replicas", 1);
                Set(spec, "revisionHistoryLimit", 10);
                Set(spec, "podManagementPolicy", "OrderedReady");
                var sts = Child(spec, "updateStrategy");
                Set(sts, "type", "RollingUpdate");
                if ((string?)sts["type"] == "RollingUpdate")
                {
                    Set(Child(sts, "rollingUpdate"), "partition", 0);
                }

                PodTemplate(spec);
                break;
            case ("apps", "replicasets") when spec is not null:
                Set(spec, "replicas", 1);
                PodTemplate(spec);
                break;
            case ("", "pods") when spec is not null:
                PodSpec(spec);
                break;
            case ("", "services") when spec is not null:
                Set(spec, "type", "ClusterIP");
                Set(spec, "sessionAffinity", "None");
                foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    Set(port, "protocol", "TCP");
                    if (port["targetPort"] is null && port["port"] is { } number)
                    {
                        port["targetPort"] = number.DeepClone();
                    }
                }

                break;
            case ("", "namespaces"):
                var nsSpec = Child(obj, "spec");
                Set(nsSpec, "finalizers", new JsonArray("kubernetes"));
                Set(Child(obj, "status"), "phase", "Active");
                break;
            case ("", "secrets"):
                Set(obj, "type", "Opaque");
                break;
        }
    }

    private static void PodTemplate(JsonObject spec)
    {
        if (spec["template"]?["spec"] is JsonObject podSpec)
        {
            PodSpec(podSpec);
        }
    }

    private static void PodSpec(JsonObject spec)
    {
        Set(spec, "restartPolicy", "Always");
        Set(spec, "terminationGracePeriodSeconds", 30);
        Set(spec, "dnsPolicy", "ClusterFirst");
        Set(spec, "schedulerName", "default-scheduler");
        Set(spec, "securityContext", new JsonObject());
        foreach (var container in ContainerLists.SelectMany(f => (spec[f] as JsonArray ?? []).OfType<JsonObject>()))
        {
            Set(container, "terminationMessagePath", "/dev/termination-log");
            Set(container, "terminationMessagePolicy", "File");
            var image = (string?)container["image"] ?? "";
            var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image[(image.LastIndexOf('/') + 1)..].Split(':') is [_, var t] ? t : "latest";
            Set(container, "imagePullPolicy", tag == "latest" ? "Always" : "IfNotPresent");
            foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Set(port, "protocol", "TCP");
            }
        }
    }

    private static JsonObject Child(JsonObject parent, string field)
    {
        if (parent[field] is not JsonObject child)
        {
            parent[field] = child = [];
        }

        return child;
    }

    private static void Set(JsonObject obj, string field, JsonNode value)
    {
        if (obj[field] is null)
        {
            obj[field] = value;
        }
    }
}
