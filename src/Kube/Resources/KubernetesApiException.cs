using System.Net;
using Wharf.Kube.Models;

namespace Wharf.Kube.Resources;

/// <summary>
/// The API server refused a request. <see cref="Status"/> carries the server's explanation when it sent one.
/// Subclasses single out the cases callers branch on: <see cref="KubernetesNotFoundException"/>,
/// <see cref="KubernetesConflictException"/>, <see cref="KubernetesGoneException"/>, <see cref="KubernetesForbiddenException"/>.
/// </summary>
public class KubernetesApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KubernetesApiException(HttpStatusCode statusCode, Status? status, string? message = null)
        : base(message ?? Describe(statusCode, status))
    {
        StatusCode = statusCode;
        Status = status;
    }

    /// <summary>Creates the exception (analyzer-required constructor).</summary>
    public KubernetesApiException()
        : this(HttpStatusCode.InternalServerError, null)
    {
    }

    /// <summary>Creates the exception (analyzer-required constructor).</summary>
    public KubernetesApiException(string message)
        : this(HttpStatusCode.InternalServerError, null, message)
    {
    }

    /// <summary>Creates the exception (analyzer-required constructor).</summary>
    public KubernetesApiException(string message, Exception innerException)
        : base(message, innerException) => StatusCode = HttpStatusCode.InternalServerError;

    /// <summary>HTTP status of the response (or the <c>code</c> of a watch ERROR event).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The server's Status object, if the response carried one.</summary>
    public Status? Status { get; }

    /// <summary>Machine-readable reason, e.g. <c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Expired</c>.</summary>
    public string? Reason => Status?.Reason;

    internal static KubernetesApiException Create(HttpStatusCode code, Status? status) => code switch
    {
        HttpStatusCode.NotFound => new KubernetesNotFoundException(status),
        HttpStatusCode.Conflict => new KubernetesConflictException(status),
        HttpStatusCode.Gone => new KubernetesGoneException(status),
        HttpStatusCode.Forbidden => new KubernetesForbiddenException(status),
        _ => new KubernetesApiException(code, status),
    };

    private static string Describe(HttpStatusCode code, Status? status) =>
        $"Kubernetes API error {(int)code} {status?.Reason ?? code.ToString()}: {status?.Message ?? "(no message)"}";
}

/// <summary>404: the object (or namespace) does not exist.</summary>
public sealed class KubernetesNotFoundException(Status? status)
    : KubernetesApiException(HttpStatusCode.NotFound, status);

/// <summary>
/// 409: the object changed since it was read (reason <c>Conflict</c>: re-read and retry), it already exists
/// (reason <c>AlreadyExists</c>), or a server-side apply hit a field conflict.
/// </summary>
public sealed class KubernetesConflictException(Status? status)
    : KubernetesApiException(HttpStatusCode.Conflict, status)
{
    /// <summary>True when a create failed because the object already exists.</summary>
    public bool AlreadyExists => Reason == "AlreadyExists";
}

/// <summary>410: the requested resourceVersion is too old (compacted); relist.</summary>
public sealed class KubernetesGoneException(Status? status)
    : KubernetesApiException(HttpStatusCode.Gone, status);

/// <summary>403: the credentials are not allowed to perform the request.</summary>
public sealed class KubernetesForbiddenException(Status? status)
    : KubernetesApiException(HttpStatusCode.Forbidden, status);
