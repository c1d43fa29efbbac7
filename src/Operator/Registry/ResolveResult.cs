namespace Wharf.Operator.Registry;

/// <summary>Why a module reference did not resolve; each maps to a condition reason.</summary>
internal enum ResolveFailure
{
    /// <summary>The reference is malformed.</summary>
    InvalidReference,

    /// <summary>The registry has no such manifest (or repository).</summary>
    ManifestNotFound,

    /// <summary>The registry refused the credentials, or needs some and none were given.</summary>
    Unauthorized,

    /// <summary>Connection failure, timeout or 5xx: worth retrying.</summary>
    RegistryUnreachable,

    /// <summary>The registry answered something that is not a manifest response.</summary>
    BadResponse,

    /// <summary>The named pull secret does not exist.</summary>
    PullSecretNotFound,

    /// <summary>The pull secret is not a usable docker-config Secret.</summary>
    PullSecretInvalid,
}

/// <summary>Outcome of a digest lookup: a digest, or a failure with a message naming the cause.</summary>
internal sealed record ResolveResult(string? Digest, ResolveFailure? Failure, string Message)
{
    /// <summary>Failures that can heal by themselves and are retried with backoff.</summary>
    public bool Transient => Failure is ResolveFailure.RegistryUnreachable;

    public static ResolveResult Resolved(string digest, string message) => new(digest, null, message);

    public static ResolveResult Failed(ResolveFailure failure, string message) => new(null, failure, message);
}

/// <summary>Resolves a module reference to its manifest digest.</summary>
internal interface IDigestResolver
{
    /// <summary>Looks the reference up; never throws for registry problems (they become a failed result).</summary>
    Task<ResolveResult> ResolveAsync(ImageReference image, RegistryCredentials? credentials, CancellationToken cancellationToken);
}
