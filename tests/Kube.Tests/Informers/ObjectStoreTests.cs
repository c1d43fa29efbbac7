using Wharf.Kube.Informers;
using k8s.Models;

namespace Wharf.Kube.Tests.Informers;

public sealed class ObjectStoreTests
{
    private static V1ConfigMap Cm(string? ns, string name) => new() { Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name } };

    [Fact]
    public void KeyOf_NamespacedAndClusterScoped_FollowsClientGoFormat()
    {
        Assert.Equal("ns/a", ObjectStore<V1ConfigMap>.KeyOf(Cm("ns", "a")));
        Assert.Equal("a", ObjectStore<V1ConfigMap>.KeyOf(Cm(null, "a")));
    }

    [Fact]
    public void UpsertAndRemove_MaintainNamespaceIndex()
    {
        var store = new ObjectStore<V1ConfigMap>();

        Assert.Null(store.Upsert(Cm("x", "a")));
        store.Upsert(Cm("x", "b"));
        store.Upsert(Cm("y", "a"));
        var old = store.Upsert(Cm("x", "a"));

        Assert.NotNull(old);
        Assert.Equal(3, store.Count);
        Assert.Equal(["a", "b"], store.List("x").Select(o => o.Metadata.Name).Order());
        Assert.NotNull(store.Remove("x/a"));
        Assert.Null(store.Remove("x/a"));
        Assert.Equal(["b"], store.List("x").Select(o => o.Metadata.Name));
        Assert.NotNull(store.Remove("x/b"));
        Assert.Empty(store.List("x"));
        Assert.Single(store.List(null));
    }
}
