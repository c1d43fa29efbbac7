using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Kube.Models;

namespace Wharf.Kube.Tests.Models;

public sealed class SerializationTests
{
    private static JsonNode Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonNode.Parse(JsonSerializer.Serialize(value, info))!;

    [Fact]
    public void DaemonSet_Serialize_UsesKubernetesWireNamesAndOmitsNulls()
    {
        var ds = new DaemonSet
        {
            Metadata = new ObjectMeta { Name = "node", Namespace = "wharf-system" },
            Spec = new DaemonSetSpec
            {
                Selector = new LabelSelectorSpec { MatchLabels = new Dictionary<string, string> { ["app"] = "node" } },
                Template = new PodTemplateSpec
                {
                    Spec = new PodSpec
                    {
                        ServiceAccountName = "wharf-node",
                        Containers =
                        [
                            new Container
                            {
                                Name = "node",
                                Image = "wharf/node:1",
                                Ports = [new ContainerPort { Name = "http", Port = 8080 }],
                                Env = [new EnvVar { Name = "NODE", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "spec.nodeName" } } }],
                                ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/healthz", Port = "http" }, PeriodSeconds = 5 },
                                SecurityContext = new SecurityContext
                                {
                                    RunAsNonRoot = true,
                                    ReadOnlyRootFilesystem = true,
                                    AllowPrivilegeEscalation = false,
                                    Capabilities = new Capabilities { Drop = ["ALL"] },
                                    SeccompProfile = new SeccompProfile(),
                                },
                                Resources = new ResourceRequirements { Limits = new Dictionary<string, string> { ["memory"] = "256Mi" } },
                                VolumeMounts = [new VolumeMount { Name = "cfg", MountPath = "/etc/wharf", ReadOnly = true }],
                            },
                        ],
                        Volumes = [new Volume { Name = "cfg", ConfigMap = new ConfigMapVolumeSource { Name = "wharf-config" } }],
                        Tolerations = [new Toleration { Operator = "Exists" }],
                    },
                },
            },
        };

        var json = Serialize(ds, KubeJsonContext.Default.DaemonSet);

        Assert.Equal("apps/v1", (string?)json["apiVersion"]);
        var container = json["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(8080, (int)container["ports"]![0]!["containerPort"]!);
        Assert.Equal("http", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
        Assert.Equal("spec.nodeName", (string?)container["env"]![0]!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("RuntimeDefault", (string?)container["securityContext"]!["seccompProfile"]!["type"]);
        Assert.False((bool)container["securityContext"]!["allowPrivilegeEscalation"]!);
        Assert.Equal("wharf-config", (string?)json["spec"]!["template"]!["spec"]!["volumes"]![0]!["configMap"]!["name"]);
        Assert.Null(json["status"]);
        Assert.Null(json["metadata"]!["labels"]);
        Assert.False(json["spec"]!["template"]!.AsObject().ContainsKey("metadata"));
    }

    [Fact]
    public void Service_Deserialize_ReadsIntOrStringAndClusterIP()
    {
        var json = """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"s","creationTimestamp":"2024-05-06T07:08:09Z"},
             "spec":{"clusterIP":"None","selector":{"app":"a"},"ports":[{"port":80,"targetPort":8080},{"name":"m","port":9090,"targetPort":"metrics"}]}}
            """;

        var svc = JsonSerializer.Deserialize(json, KubeJsonContext.Default.Service)!;

        Assert.Equal("None", svc.Spec!.ClusterIP);
        Assert.Equal(8080, svc.Spec.Ports![0].TargetPort!.Value.IntValue);
        Assert.Equal("metrics", svc.Spec.Ports[1].TargetPort!.Value.StringValue);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero), svc.Metadata.CreationTimestamp);
        Assert.Contains("\"targetPort\":8080", JsonSerializer.Serialize(svc, KubeJsonContext.Default.Service), StringComparison.Ordinal);
    }

    [Fact]
    public void Status_Deserialize_ReadsApiError()
    {
        var json = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"x\" not found",
             "reason":"NotFound","details":{"name":"x","kind":"configmaps"},"code":404}
            """;

        var status = JsonSerializer.Deserialize(json, KubeJsonContext.Default.Status)!;

        Assert.Equal("Failure", status.Outcome);
        Assert.Equal("NotFound", status.Reason);
        Assert.Equal(404, status.Code);
        Assert.Equal("x", status.Details!.Name);
    }

    [Fact]
    public void Condition_Time_WrittenAsRfc3339SecondsUtc()
    {
        var meta = new ObjectMeta { CreationTimestamp = new DateTimeOffset(2024, 1, 2, 5, 4, 5, 678, TimeSpan.FromHours(2)) };

        var json = Serialize(meta, KubeJsonContext.Default.ObjectMeta);

        Assert.Equal("2024-01-02T03:04:05Z", (string?)json["creationTimestamp"]);
    }

    [Fact]
    public void ObjectMeta_BadTimestamp_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"creationTimestamp":"yesterday"}""", KubeJsonContext.Default.ObjectMeta));
    }

    [Fact]
    public void Secret_Data_IsBase64OnTheWire()
    {
        var secret = new Secret { Metadata = new ObjectMeta { Name = "s" }, Data = new Dictionary<string, byte[]> { ["k"] = "hi"u8.ToArray() } };

        var json = Serialize(secret, KubeJsonContext.Default.Secret);

        Assert.Equal("aGk=", (string?)json["data"]!["k"]);
    }

    [Fact]
    public void Unstructured_RoundTrip_KeepsUnknownFieldsAtTopLevel()
    {
        var json = """{"apiVersion":"wharf.dev/v1alpha1","kind":"Worker","metadata":{"name":"w","generation":3},"spec":{"replicas":2},"status":{"phase":"Ready"}}""";

        var obj = JsonSerializer.Deserialize(json, KubeJsonContext.Default.UnstructuredObject)!;
        obj["spec"]!["replicas"] = 3;
        var back = Serialize(obj, KubeJsonContext.Default.UnstructuredObject);

        Assert.Equal("Worker", obj.Kind);
        Assert.Equal(3, obj.Metadata.Generation);
        Assert.Equal(3, (int)back["spec"]!["replicas"]!);
        Assert.Equal("Ready", (string?)back["status"]!["phase"]);
        Assert.Equal("w", (string?)back["metadata"]!["name"]);
    }
}
