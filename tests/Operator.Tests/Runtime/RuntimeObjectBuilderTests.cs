using k8s.Models;
using Wharf.Api.Runtime;
using Wharf.Operator.Runtime;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.Runtime;

public sealed class RuntimeObjectBuilderTests
{
    private static readonly V1OwnerReference[] Owners = [.. TenantNames.Owners([TestObjects.Worker("a")])];

    [Fact]
    public void BuildRuntimeConfigMap_Workers_ContractJsonWithStableHash()
    {
        var a = RuntimeConfigBuilder.FromWorker(TestObjects.Worker("a"), "sha256:" + new string('a', 64));
        var b = RuntimeConfigBuilder.FromWorker(TestObjects.Worker("b"), "sha256:" + new string('b', 64));
        var first = RuntimeConfigMapBuilder.BuildRuntimeConfigMap("tenant-a", [a, b], [], Owners);
        var reordered = RuntimeConfigMapBuilder.BuildRuntimeConfigMap("tenant-a", [b, a], [], Owners);

        Assert.Equal(TenantNames.Runtime, first.Metadata.Name);
        var config = RuntimeConfigSerializer.Deserialize(first.Data![RuntimeConfig.ConfigMapKey]);
        Assert.Equal(["a", "b"], config.Workers.Select(w => w.Name));
        Assert.Equal("tenant-a", config.Namespace);
        Assert.Equal(first.Data[RuntimeConfig.ConfigMapKey], reordered.Data![RuntimeConfig.ConfigMapKey]);
        Assert.Equal(first.Metadata.Annotations![TenantNames.ConfigHashAnnotation], reordered.Metadata.Annotations![TenantNames.ConfigHashAnnotation]);
        Assert.Equal(config, RuntimeConfigMapBuilder.Read(first), RuntimeConfigComparer.Instance);
    }

    [Fact]
    public void BuildRuntimeConfigMap_DifferentContent_DifferentHash()
    {
        var a = RuntimeConfigBuilder.FromWorker(TestObjects.Worker("a"), "sha256:" + new string('a', 64));
        var a2 = RuntimeConfigBuilder.FromWorker(TestObjects.Worker("a", generation: 2), "sha256:" + new string('c', 64));
        Assert.NotEqual(
            RuntimeConfigMapBuilder.BuildRuntimeConfigMap("t", [a], [], Owners).Metadata.Annotations![TenantNames.ConfigHashAnnotation],
            RuntimeConfigMapBuilder.BuildRuntimeConfigMap("t", [a2], [], Owners).Metadata.Annotations![TenantNames.ConfigHashAnnotation]);
    }

    [Fact]
    public void Read_MissingOrCorrupt_Null()
    {
        Assert.Null(RuntimeConfigMapBuilder.Read(null));
        Assert.Null(RuntimeConfigMapBuilder.Read(new V1ConfigMap { Data = new Dictionary<string, string> { [RuntimeConfig.ConfigMapKey] = "{" } }));
    }

    [Fact]
    public void BuildRuntimeService_Always_TargetsTheRuntimePodsNamedPort()
    {
        var svc = RuntimeServiceBuilder.BuildRuntimeService("tenant-a", TestObjects.Options, Owners);
        Assert.Equal("ClusterIP", svc.Spec!.Type);
        Assert.Equal(TenantNames.SelectorLabels("tenant-a"), svc.Spec.Selector);
        var port = Assert.Single(svc.Spec.Ports!);
        Assert.Equal(80, port.Port);
        Assert.Equal("http", port.TargetPort?.Value);
        Assert.Equal("a", Assert.Single(svc.Metadata.OwnerReferences!).Name);
    }

    [Fact]
    public void BuildRuntimeRole_SecretBindings_ReadOnlyByResourceName()
    {
        var role = RuntimeRbacBuilder.BuildRuntimeRole("tenant-a", ["tokens", "api", "tokens"], Owners);
        var rules = role.Rules;
        Assert.Equal(2, rules.Count);
        Assert.Equal(["wharf-runtime"], rules[0].ResourceNames);
        Assert.Equal(["configmaps"], rules[0].Resources);
        Assert.Equal(["api", "tokens"], rules[1].ResourceNames);
        Assert.Equal(["get", "list", "watch"], rules[0].Verbs);
        Assert.Equal(["get"], rules[1].Verbs);
    }

    [Fact]
    public void BuildRuntimeRole_NoSecrets_OnlyTheConfigMapRule()
    {
        var rules = RuntimeRbacBuilder.BuildRuntimeRole("tenant-a", [], Owners).Rules;
        Assert.Single(rules);
    }

    [Fact]
    public void BuildRuntimeRoleBinding_Always_BindsTheTenantServiceAccountToTheRole()
    {
        var binding = RuntimeRbacBuilder.BuildRuntimeRoleBinding("tenant-a", Owners);
        Assert.Equal("Role", binding.RoleRef.Kind);
        Assert.Equal(TenantNames.Runtime, binding.RoleRef.Name);
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal("ServiceAccount", subject.Kind);
        Assert.Equal("tenant-a", subject.NamespaceProperty);
        Assert.Equal("ServiceAccount", RuntimeRbacBuilder.BuildRuntimeServiceAccount("tenant-a", Owners).Kind);
    }

    private sealed class RuntimeConfigComparer : IEqualityComparer<RuntimeConfig?>
    {
        public static readonly RuntimeConfigComparer Instance = new();

        public bool Equals(RuntimeConfig? x, RuntimeConfig? y) =>
            x is not null && y is not null && RuntimeConfigSerializer.Serialize(x) == RuntimeConfigSerializer.Serialize(y);

        public int GetHashCode(RuntimeConfig? obj) => 0;
    }
}
