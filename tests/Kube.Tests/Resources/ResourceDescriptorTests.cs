using Wharf.Kube.Resources;

namespace Wharf.Kube.Tests.Resources;

public sealed class ResourceDescriptorTests
{
    [Theory]
    [InlineData(null, null, null, "/api/v1/configmaps")]
    [InlineData("ns", null, null, "/api/v1/namespaces/ns/configmaps")]
    [InlineData("ns", "cm", null, "/api/v1/namespaces/ns/configmaps/cm")]
    [InlineData("ns", "cm", "status", "/api/v1/namespaces/ns/configmaps/cm/status")]
    public void BuildPath_CoreNamespaced_BuildsLegacyApiPath(string? ns, string? name, string? sub, string expected)
    {
        Assert.Equal(expected, ResourceDescriptor.ConfigMaps.BuildPath(ns, name, sub));
    }

    [Fact]
    public void BuildPath_GroupedResource_UsesApisPrefix()
    {
        Assert.Equal("/apis/apps/v1/namespaces/a/daemonsets/b", ResourceDescriptor.DaemonSets.BuildPath("a", "b"));
        Assert.Equal("/apis/coordination.k8s.io/v1/namespaces/x/leases", ResourceDescriptor.Leases.BuildPath("x"));
    }

    [Fact]
    public void BuildPath_ClusterScoped_OmitsNamespaceAndRejectsOne()
    {
        Assert.Equal("/api/v1/namespaces/wharf", ResourceDescriptor.Namespaces.BuildPath(null, "wharf"));
        Assert.Throws<ArgumentException>(() => ResourceDescriptor.Namespaces.BuildPath("x", "wharf"));
    }

    [Fact]
    public void BuildPath_CustomResource_UsesDescriptor()
    {
        var workers = new ResourceDescriptor("wharf.dev", "v1alpha1", "workers", "Worker", true);

        Assert.Equal("wharf.dev/v1alpha1", workers.ApiVersion);
        Assert.Equal("/apis/wharf.dev/v1alpha1/namespaces/t/workers/w/status", workers.BuildPath("t", "w", "status"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("x%2F")]
    public void BuildPath_NameThatWouldChangeThePath_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => ResourceDescriptor.ConfigMaps.BuildPath("ns", name));
    }

    [Fact]
    public void BuildPath_SubresourceWithoutName_Throws()
    {
        Assert.Throws<ArgumentException>(() => ResourceDescriptor.ConfigMaps.BuildPath("ns", null, "status"));
    }

    [Fact]
    public void QueryString_ListOptions_EscapesValues()
    {
        var q = new QueryString("/p").AddList(new ListOptions
        {
            LabelSelector = "app in (a,b),!x",
            FieldSelector = "metadata.name=n",
            Limit = 5,
            Continue = "tok+/=",
        }).ToString();

        Assert.Equal("/p?labelSelector=app%20in%20%28a%2Cb%29%2C%21x&fieldSelector=metadata.name%3Dn&limit=5&continue=tok%2B%2F%3D", q);
    }

    [Fact]
    public void QueryString_NonPositiveLimit_Throws()
    {
        Assert.Throws<ArgumentException>(() => new QueryString("/p").AddList(new ListOptions { Limit = 0 }));
    }
}
