using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>One field error of an Invalid status (<c>metav1.StatusCause</c>).</summary>
internal sealed record FieldError(string Reason, string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>
/// A failed request, rendered as a Kubernetes <c>Status</c> object
/// (<see href="https://kubernetes.io/docs/reference/using-api/api-concepts/#status-object"/>).
/// </summary>
internal sealed class ApiError : Exception
{
    public ApiError(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            status["details"] = WithoutNulls((JsonObject)Details.DeepClone());
        }

        status["code"] = Code;
        return status;
    }

    /// <summary>Drops null members, as Go's <c>omitempty</c> does for an empty group.</summary>
    internal static JsonObject WithoutNulls(JsonObject obj)
    {
        foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(key);
        }

        return obj;
    }

    private static JsonObject NameDetails(FakeResource resource, string name) => new()
    {
        ["name"] = name,
        ["group"] = resource.Group.Length == 0 ? null : resource.Group,
        ["kind"] = resource.Plural,
    };

    public static ApiError NotFound(FakeResource resource, string name) =>
        new(404, "NotFound", $"{resource.GroupResource} \"{name}\" not found", NameDetails(resource, name));

    public static ApiError AlreadyExists(FakeResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.GroupResource} \"{name}\" already exists", NameDetails(resource, name));

    public static ApiError Conflict(FakeResource resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.GroupResource} \"{name}\": {why}",
            NameDetails(resource, name));

    public static ApiError StaleResourceVersion(FakeResource resource, string name) =>
        Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError Gone(string message) => new(410, "Expired", message);

    public static ApiError UnknownResource() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiError Invalid(FakeResource resource, string name, IReadOnlyList<FieldError> errors)
    {
        var summary = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors)}]";
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = resource.Group.Length == 0 ? null : resource.Group,
            ["kind"] = resource.Kind,
            ["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject
            {
                ["reason"] = e.Reason,
                ["message"] = e.Message,
                ["field"] = e.Field,
            })]),
        };
        return new ApiError(422, "Invalid", $"{resource.GroupKind} \"{name}\" is invalid: {summary}", details);
    }

    /// <summary>A Status for a fault injected by a test.</summary>
    public static ApiError Injected(int code, string? message)
    {
        var (reason, text) = code switch
        {
            400 => ("BadRequest", "bad request (injected fault)"),
            401 => ("Unauthorized", "Unauthorized (injected fault)"),
            403 => ("Forbidden", "forbidden (injected fault)"),
            404 => ("NotFound", "the server could not find the requested resource (injected fault)"),
            405 => ("MethodNotAllowed", "the server does not allow this method on the requested resource (injected fault)"),
            409 => ("Conflict", "Operation cannot be fulfilled: the object has been modified (injected fault)"),
            410 => ("Expired", "too old resource version (injected fault)"),
            422 => ("Invalid", "the object is invalid (injected fault)"),
            429 => ("TooManyRequests", "too many requests (injected fault)"),
            500 => ("InternalError", "Internal error occurred: injected fault"),
            503 => ("ServiceUnavailable", "the server is currently unable to handle the request (injected fault)"),
            504 => ("Timeout", "the server was unable to return a response in the time allotted (injected fault)"),
            _ => (code < 500 ? "BadRequest" : "InternalError", $"injected fault with code {code}"),
        };
        return new ApiError(code, reason, message ?? text, code == 429 ? new JsonObject { ["retryAfterSeconds"] = 1 } : null);
    }
}
