using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>
/// A standard status condition (<c>metav1.Condition</c>,
/// <see href="https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#typical-status-properties"/>).
/// </summary>
public sealed class Condition
{
    /// <summary>Condition type in CamelCase, e.g. <c>Ready</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string Status { get; set; } = "Unknown";

    /// <summary>The <c>metadata.generation</c> the condition was computed from.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Last time <see cref="Status"/> changed.</summary>
    [JsonConverter(typeof(KubeTimeConverter))]
    public DateTimeOffset? LastTransitionTime { get; set; }

    /// <summary>Machine-readable CamelCase reason for the last transition.</summary>
    public string? Reason { get; set; }

    /// <summary>Human-readable details.</summary>
    public string? Message { get; set; }
}
