namespace Wharf.Kube.Resources;

/// <summary>Options for list and watch calls (<see href="https://kubernetes.io/docs/reference/using-api/api-concepts/"/>).</summary>
public sealed record ListOptions
{
    /// <summary>Label selector, e.g. <c>app=web,tier!=cache</c>; see <see cref="LabelSelector"/>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector, e.g. <c>metadata.name=foo</c>; see <see cref="FieldSelector"/>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size for list calls; the server returns a continue token when more remain.</summary>
    public int? Limit { get; init; }

    /// <summary>Continue token from the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>Resource version constraint for list calls.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Server-side timeout of one watch request; the client reconnects afterwards.</summary>
    public int? TimeoutSeconds { get; init; }
}

/// <summary>Deletion propagation policy.</summary>
public enum PropagationPolicy
{
    /// <summary>Delete the object; the garbage collector removes dependents in the background.</summary>
    Background,

    /// <summary>The object stays (with a deletionTimestamp) until its blocking dependents are gone.</summary>
    Foreground,

    /// <summary>Dependents are orphaned.</summary>
    Orphan,
}

/// <summary>Options for delete calls.</summary>
public sealed record DeleteOptions
{
    /// <summary>How dependents are handled; the server default when null.</summary>
    public PropagationPolicy? PropagationPolicy { get; init; }

    /// <summary>Graceful deletion period in seconds; 0 deletes immediately.</summary>
    public long? GracePeriodSeconds { get; init; }

    /// <summary>Only delete when the object still has this UID (409 otherwise).</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Only delete when the object still has this resourceVersion (409 otherwise).</summary>
    public string? PreconditionResourceVersion { get; init; }
}
