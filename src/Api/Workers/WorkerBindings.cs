namespace Wharf.Api.Workers;

/// <summary>Resources exposed to a worker's code; binding names are unique across all three lists.</summary>
public sealed class WorkerBindings
{
    /// <summary>KV namespaces bound by name.</summary>
    public IList<KvBinding>? Kv { get; set; }

    /// <summary>Plain-text variables.</summary>
    public IList<VarBinding>? Vars { get; set; }

    /// <summary>Values from Secret keys; never copied into the runtime config.</summary>
    public IList<SecretBinding>? Secrets { get; set; }
}

/// <summary>Binds a <see cref="KvNamespaces.KvNamespace"/> of the same namespace.</summary>
public sealed class KvBinding
{
    /// <summary>Binding name seen by the code (<c>[A-Za-z_][A-Za-z0-9_]*</c>).</summary>
    public required string Name { get; set; }

    /// <summary>Name of the KvNamespace object.</summary>
    public required string Namespace { get; set; }
}

/// <summary>A plain-text variable.</summary>
public sealed class VarBinding
{
    /// <summary>Binding name seen by the code.</summary>
    public required string Name { get; set; }

    /// <summary>The value (at most 5120 characters).</summary>
    public required string Value { get; set; }
}

/// <summary>A value read from a key of a Secret in the same namespace.</summary>
public sealed class SecretBinding
{
    /// <summary>Binding name seen by the code.</summary>
    public required string Name { get; set; }

    /// <summary>Name of the Secret.</summary>
    public required string SecretName { get; set; }

    /// <summary>Key in the Secret's data.</summary>
    public required string Key { get; set; }
}
