using System.Net;
using k8s;
using k8s.Autorest;

namespace Wharf.Kube.Resources;

/// <summary>
/// Classifies the package's failures: <see cref="HttpOperationException"/> for an error answer to a call (its
/// <c>Response.StatusCode</c>), <see cref="KubernetesException"/> for an error event inside a watch (its
/// <c>Status.Code</c>).
/// </summary>
public static class ApiErrors
{
    /// <summary>The HTTP status the server answered with, or null when <paramref name="exception"/> is not an API answer.</summary>
    public static HttpStatusCode? StatusCode(this Exception exception) => exception switch
    {
        HttpOperationException { Response: { } response } => response.StatusCode,
        KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };

    /// <summary>404: the object (or its namespace) does not exist.</summary>
    public static bool IsNotFound(this Exception exception) => exception.StatusCode() == HttpStatusCode.NotFound;

    /// <summary>409: a resourceVersion precondition failed, or the object already exists.</summary>
    public static bool IsConflict(this Exception exception) => exception.StatusCode() == HttpStatusCode.Conflict;

    /// <summary>410: the resourceVersion (or continue token) is older than the server's history.</summary>
    public static bool IsGone(this Exception exception) =>
        exception.StatusCode() == HttpStatusCode.Gone || exception is KubernetesException { Status.Reason: "Expired" or "Gone" };

    /// <summary>An answer that retrying the same request cannot change (400, 401, 403, 404, 405, 415, 422).</summary>
    public static bool IsPermanent(this Exception exception) => exception.StatusCode() is
        HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
        or HttpStatusCode.MethodNotAllowed or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity;

    /// <summary>
    /// True for the failures a controller retries with backoff: API error answers, transport failures and timeouts,
    /// and bodies the package could not decode. Programming errors (and cancellation) are not among them.
    /// </summary>
    public static bool IsApiOrTransport(this Exception exception) => exception is
        HttpOperationException or KubernetesException or HttpRequestException or IOException or TimeoutException
        or System.Text.Json.JsonException;
}
