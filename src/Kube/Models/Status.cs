using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>
/// The API server's result object (<c>metav1.Status</c>), returned for errors and some deletes.
/// </summary>
public sealed class Status
{
    /// <summary>Always <c>v1</c>.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Always <c>Status</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>List metadata (resourceVersion), rarely set.</summary>
    public ListMeta? Metadata { get; set; }

    /// <summary><c>Success</c> or <c>Failure</c>.</summary>
    [JsonPropertyName("status")]
    public string? Outcome { get; set; }

    /// <summary>Human-readable description.</summary>
    public string? Message { get; set; }

    /// <summary>Machine-readable reason, e.g. <c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Expired</c>.</summary>
    public string? Reason { get; set; }

    /// <summary>Extended data for the reason.</summary>
    public StatusDetails? Details { get; set; }

    /// <summary>HTTP status code suggested for this status.</summary>
    public int? Code { get; set; }
}

/// <summary>Extra information attached to a <see cref="Status"/>.</summary>
public sealed class StatusDetails
{
    /// <summary>Name of the object the status is about.</summary>
    public string? Name { get; set; }

    /// <summary>API group of the object.</summary>
    public string? Group { get; set; }

    /// <summary>Kind (or resource) of the object.</summary>
    public string? Kind { get; set; }

    /// <summary>UID of the object.</summary>
    public string? Uid { get; set; }

    /// <summary>Individual causes, e.g. per-field validation errors.</summary>
    public IList<StatusCause>? Causes { get; set; }

    /// <summary>Seconds the client should wait before retrying.</summary>
    public int? RetryAfterSeconds { get; set; }
}

/// <summary>One cause of a failed request.</summary>
public sealed class StatusCause
{
    /// <summary>Machine-readable cause, e.g. <c>FieldValueInvalid</c>.</summary>
    public string? Reason { get; set; }

    /// <summary>Human-readable description.</summary>
    public string? Message { get; set; }

    /// <summary>Field path, e.g. <c>spec.replicas</c>.</summary>
    public string? Field { get; set; }
}
