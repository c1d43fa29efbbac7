using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Wharf.Kube.Resources;

namespace Wharf.Operator.Tests.Support;

/// <summary>What the tests do to Wharf objects as a user would with kubectl, through the package's custom-object calls.</summary>
internal sealed class CustomClient<T>(IKubernetes kube, ResourceDescriptor resource)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public Task<T> CreateAsync(T obj) =>
        kube.CustomObjects.CreateNamespacedCustomObjectAsync<T>(obj, resource.Group, resource.Version, obj.Metadata.NamespaceProperty, resource.Plural);

    public Task<T> GetAsync(string name, string ns) =>
        kube.CustomObjects.GetNamespacedCustomObjectAsync<T>(resource.Group, resource.Version, ns, resource.Plural, name);

    public Task<T?> TryGetAsync(string name, string ns) => KubeCalls.OrNull(GetAsync(name, ns));

    public Task DeleteAsync(string name, string ns) =>
        kube.CustomObjects.DeleteNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, name);

    public Task<T> MergePatchAsync(string name, JsonNode patch, string ns) =>
        kube.CustomObjects.PatchNamespacedCustomObjectAsync<T>(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), resource.Group, resource.Version, ns, resource.Plural, name);
}

/// <summary>Helpers around the package's calls.</summary>
internal static class KubeCalls
{
    /// <summary>The call's result, or null when the server answered 404.</summary>
    public static async Task<T?> OrNull<T>(Task<T> call)
        where T : class
    {
        try
        {
            return await call;
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>A JSON merge patch body.</summary>
    public static V1Patch MergePatch(JsonNode patch) => new(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
}
