using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>Any Kubernetes object: type information plus standard metadata.</summary>
public interface IKubernetesObject
{
    /// <summary><c>group/version</c>, or just <c>version</c> for the core group.</summary>
    string ApiVersion { get; set; }

    /// <summary>The object's kind, e.g. <c>ConfigMap</c>.</summary>
    string Kind { get; set; }

    /// <summary>Standard object metadata.</summary>
    ObjectMeta Metadata { get; set; }
}

/// <summary>A list of objects as returned by a list call.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class KubernetesList<T>
{
    /// <summary>API version of the list.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Kind of the list, e.g. <c>ConfigMapList</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>List metadata: snapshot resourceVersion and continue token.</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items of this page.</summary>
    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
