using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Wharf.Kube.Resources;

/// <summary>
/// The list body of a custom resource (<c>WorkerList</c> and the like), for the package's generic custom-object
/// list calls; built-in resources have generated list types (<c>V1ConfigMapList</c>).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class CustomResourceList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
{
    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <inheritdoc />
    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
