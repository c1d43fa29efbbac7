namespace Wharf.Oci;

/// <summary>What went wrong talking to a registry.</summary>
public enum RegistryErrorKind
{
    /// <summary>No such manifest, blob or repository.</summary>
    NotFound,

    /// <summary>Credentials are needed, or were refused (401).</summary>
    Unauthorized,

    /// <summary>Access denied to the authenticated user (403).</summary>
    Denied,

    /// <summary>Connection failure, timeout, 429 or 5xx: worth retrying later.</summary>
    Unreachable,

    /// <summary>The registry answered something the protocol does not allow.</summary>
    BadResponse,

    /// <summary>Content did not hash to the digest it was asked for (tampered or corrupted).</summary>
    DigestMismatch,

    /// <summary>Content is larger than the configured limit or than its descriptor says.</summary>
    TooLarge,
}

/// <summary>A registry operation failed; <see cref="Exception.Message"/> names the registry, the object and the cause.</summary>
public sealed class RegistryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RegistryException(RegistryErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    /// <summary>Creates an <see cref="RegistryErrorKind.BadResponse"/> exception.</summary>
    public RegistryException()
        : this(RegistryErrorKind.BadResponse, "registry error")
    {
    }

    /// <summary>Creates an <see cref="RegistryErrorKind.BadResponse"/> exception.</summary>
    public RegistryException(string message)
        : this(RegistryErrorKind.BadResponse, message)
    {
    }

    /// <summary>Creates an <see cref="RegistryErrorKind.BadResponse"/> exception.</summary>
    public RegistryException(string message, Exception inner)
        : this(RegistryErrorKind.BadResponse, message, inner)
    {
    }

    /// <summary>The category of failure.</summary>
    public RegistryErrorKind Kind { get; }

    /// <summary>True when retrying later can succeed.</summary>
    public bool Transient => Kind == RegistryErrorKind.Unreachable;
}
