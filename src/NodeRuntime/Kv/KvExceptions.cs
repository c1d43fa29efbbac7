namespace Wharf.NodeRuntime.Kv;

/// <summary>Base class of KV store failures.</summary>
public abstract class KvException : Exception
{
    private protected KvException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A namespace limit (keys, value size, total size) would be exceeded.</summary>
public sealed class KvLimitExceededException : KvException
{
    /// <summary>Creates the error.</summary>
    public KvLimitExceededException(string message)
        : base(message)
    {
    }
}

/// <summary>The namespace was never configured in the store.</summary>
public sealed class KvNamespaceNotFoundException : KvException
{
    /// <summary>Creates the error for namespace <paramref name="ns"/>.</summary>
    public KvNamespaceNotFoundException(string ns)
        : base($"KV namespace '{ns}' is not configured")
    {
    }
}

/// <summary>The backend could not be reached.</summary>
public sealed class KvUnavailableException : KvException
{
    /// <summary>Creates the error.</summary>
    public KvUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
