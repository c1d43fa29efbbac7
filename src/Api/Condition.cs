using System.Text.Json.Serialization;
using k8s;

namespace Wharf.Api;

/// <summary>
/// A status condition of the Wharf kinds, as the CRDs' schema defines it (the shape of <c>metav1.Condition</c>,
/// <see href="https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#typical-status-properties"/>,
/// but with the optional fields the schema allows; the package's <c>Condition</c> makes them non-nullable).
/// </summary>
public sealed class Condition
{
    /// <summary>Condition type in CamelCase, e.g. <c>Ready</c>.</summary>
    public required string Type { get; set; }

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public required string Status { get; set; }

    /// <summary>The <c>metadata.generation</c> the condition was computed from.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Last time <see cref="Status"/> changed (RFC 3339, as the API server writes <c>metav1.Time</c>).</summary>
    [JsonConverter(typeof(KubernetesJson.KubernetesDateTimeOffsetConverter))]
    public DateTimeOffset? LastTransitionTime { get; set; }

    /// <summary>Machine-readable CamelCase reason for the last transition.</summary>
    public string? Reason { get; set; }

    /// <summary>Human-readable details.</summary>
    public string? Message { get; set; }
}
