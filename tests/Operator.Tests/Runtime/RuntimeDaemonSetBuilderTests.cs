using k8s.Models;
using Wharf.Api.Quotas;
using Wharf.Operator.Runtime;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.Runtime;

public sealed class RuntimeDaemonSetBuilderTests
{
    private static readonly k8s.Models.V1OwnerReference[] Owners = [.. TenantNames.Owners([TestObjects.Worker("a"), TestObjects.Worker("b")])];

    [Fact]
    public void BuildRuntimeDaemonSet_Always_HardenedForRestrictedPodSecurity()
    {
        var ds = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("tenant-a", null, TestObjects.Options, Owners, "abc");
        var pod = ds.Spec!.Template!.Spec!;
        Assert.True(pod.SecurityContext!.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile!.Type);
        var container = Assert.Single(pod.Containers);
        var sc = container.SecurityContext!;
        Assert.True(sc.RunAsNonRoot);
        Assert.True(sc.ReadOnlyRootFilesystem);
        Assert.False(sc.AllowPrivilegeEscalation);
        Assert.False(sc.Privileged);
        Assert.Equal(["ALL"], sc.Capabilities!.Drop);
        Assert.Null(sc.Capabilities.Add);
        Assert.Equal("RuntimeDefault", sc.SeccompProfile!.Type);
        Assert.All(container.VolumeMounts!, m => Assert.Contains(pod.Volumes!, v => v.Name == m.Name && (v.EmptyDir is not null || m.ReadOnlyProperty == true)));
    }

    [Fact]
    public void BuildRuntimeDaemonSet_Always_SelectorMatchesTemplateAndServiceAccountIsTheTenants()
    {
        var ds = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("tenant-a", null, TestObjects.Options, Owners, "abc");
        Assert.All(ds.Spec!.Selector!.MatchLabels!, l => Assert.Equal(l.Value, ds.Spec.Template!.Metadata!.Labels![l.Key]));
        Assert.Equal("tenant-a", ds.Spec.Selector.MatchLabels![TenantNames.TenantLabel]);
        Assert.Equal(TenantNames.Runtime, ds.Spec.Template!.Spec!.ServiceAccountName);
        Assert.Equal("tenant-a", ds.Metadata.NamespaceProperty);
        Assert.Equal(["a", "b"], ds.Metadata.OwnerReferences!.Select(o => o.Name));
        Assert.All(ds.Metadata.OwnerReferences!, o => Assert.Null(o.Controller));
    }

    [Fact]
    public void BuildRuntimeDaemonSet_ConfigHash_OnDaemonSetMetadataNotOnPodTemplate()
    {
        var a = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("tenant-a", null, TestObjects.Options, Owners, "hash-1");
        var b = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("tenant-a", null, TestObjects.Options, Owners, "hash-2");
        Assert.Equal("hash-1", a.Metadata.Annotations![TenantNames.ConfigHashAnnotation]);
        Assert.Null(a.Spec!.Template!.Metadata!.Annotations);
        Assert.Equal(Json(a.Spec.Template), Json(b.Spec!.Template!));
    }

    [Fact]
    public void BuildRuntimeDaemonSet_RollPodsOnConfigChange_HashOnPodTemplate()
    {
        var options = TestObjects.Options with { RollPodsOnConfigChange = true };
        var a = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("tenant-a", null, options, Owners, "hash-1");
        var b = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("tenant-a", null, options, Owners, "hash-2");
        Assert.Equal("hash-1", a.Spec!.Template!.Metadata!.Annotations![TenantNames.ConfigHashAnnotation]);
        Assert.NotEqual(Json(a.Spec.Template), Json(b.Spec!.Template!));
    }

    [Fact]
    public void BuildRuntimeDaemonSet_ConfigMap_MountedReadOnlyAndNamedInEnvironment()
    {
        var pod = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("tenant-a", null, TestObjects.Options, Owners, "h").Spec!.Template!.Spec!;
        Assert.Equal(TenantNames.Runtime, pod.Volumes!.Single(v => v.Name == "config").ConfigMap!.Name);
        var mount = pod.Containers[0].VolumeMounts!.Single(m => m.Name == "config");
        Assert.True(mount.ReadOnlyProperty);
        Assert.Contains(pod.Containers[0].Env!, e => e.Name == "WHARF_CONFIG" && e.Value == mount.MountPath + "/runtime.json");
        Assert.Contains(pod.Containers[0].Env!, e => e.Name == "WHARF_CONFIG_MAP" && e.Value == TenantNames.Runtime);
    }

    [Fact]
    public void BuildRuntimeDaemonSet_QuotaSetsResources_OtherwiseOperatorDefaults()
    {
        var quota = TestObjects.Quota(q => q.RuntimePods = new RuntimePodSettings
        {
            Resources = new ComputeResources { Requests = new CpuMemory { Cpu = "250m" }, Limits = new CpuMemory { Memory = "1Gi" } },
        });
        var withQuota = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("tenant-a", quota, TestObjects.Options, Owners, "h").Spec!.Template!.Spec!.Containers[0].Resources!;
        Assert.Equal("250m", withQuota.Requests!["cpu"]);
        Assert.Equal("128Mi", withQuota.Requests["memory"]);
        Assert.Equal("1Gi", withQuota.Limits!["memory"]);
        Assert.Equal("1", withQuota.Limits["cpu"]);

        var defaults = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("tenant-a", null, TestObjects.Options, Owners, "h").Spec!.Template!.Spec!.Containers[0].Resources!;
        Assert.Equal("100m", defaults.Requests!["cpu"]);
        Assert.Equal("512Mi", defaults.Limits!["memory"]);
    }

    [Fact]
    public void BuildRuntimeDaemonSet_RedisUrl_PassedOnlyWhenConfigured()
    {
        var without = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("t", null, TestObjects.Options, Owners, "h");
        Assert.DoesNotContain(without.Spec!.Template!.Spec!.Containers[0].Env!, e => e.Name == "WHARF_REDIS_URL");
        var with = RuntimeDaemonSetBuilder.BuildRuntimeDaemonSet("t", null, TestObjects.Options with { RedisUrl = "redis://r:6379" }, Owners, "h");
        Assert.Contains(with.Spec!.Template!.Spec!.Containers[0].Env!, e => e.Name == "WHARF_REDIS_URL" && e.Value == "redis://r:6379");
    }

    private static string Json(V1PodTemplateSpec template) => k8s.KubernetesJson.Serialize(new V1DaemonSet { Spec = new() { Template = template } });
}
