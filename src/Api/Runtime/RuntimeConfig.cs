using Wharf.Api.Workers;

namespace Wharf.Api.Runtime;

/// <summary>
/// The document the operator writes into a tenant's ConfigMap (key <see cref="ConfigMapKey"/>) and every node
/// runtime of that tenant reads. Limits are normalized to bytes and milliseconds; secrets appear only as
/// references. Lists are sorted by name so equal inputs give byte-identical documents.
/// </summary>
public sealed class RuntimeConfig
{
    /// <summary>The version this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>ConfigMap data key holding the JSON document.</summary>
    public const string ConfigMapKey = "runtime.json";

    /// <summary>Format version; readers reject versions they do not know.</summary>
    public required int Version { get; set; }

    /// <summary>The tenant namespace the document describes.</summary>
    public required string Namespace { get; set; }

    /// <summary>Workers to serve.</summary>
    public required IList<RuntimeWorker> Workers { get; set; }

    /// <summary>KV namespaces the workers may bind.</summary>
    public required IList<RuntimeKvNamespace> KvNamespaces { get; set; }
}

/// <summary>One worker as the runtime serves it.</summary>
public sealed class RuntimeWorker
{
    /// <summary>Worker name.</summary>
    public required string Name { get; set; }

    /// <summary>Worker namespace.</summary>
    public required string Namespace { get; set; }

    /// <summary>The <c>metadata.generation</c> this entry was built from.</summary>
    public required long Generation { get; set; }

    /// <summary>Image reference pinned by digest: <c>repository@sha256:…</c>.</summary>
    public required string Image { get; set; }

    /// <summary>The resolved digest, <c>sha256:…</c>.</summary>
    public required string Digest { get; set; }

    /// <summary>How the module is executed.</summary>
    public required WorkerRuntime Runtime { get; set; }

    /// <summary>Routes with defaults applied.</summary>
    public required IList<RuntimeRoute> Routes { get; set; }

    /// <summary>Normalized limits.</summary>
    public required RuntimeLimits Limits { get; set; }

    /// <summary>Allowed egress; empty denies all.</summary>
    public required IList<RuntimeEgressRule> Egress { get; set; }

    /// <summary>Bindings, with secret references only.</summary>
    public required RuntimeBindings Bindings { get; set; }

    /// <summary>Instances kept warm on every node.</summary>
    public required int MinInstances { get; set; }
}

/// <summary>A route with its default path prefix applied.</summary>
public sealed class RuntimeRoute
{
    /// <summary>Host or <c>*.</c> wildcard.</summary>
    public required string Host { get; set; }

    /// <summary>Path prefix, starting with <c>/</c>.</summary>
    public required string PathPrefix { get; set; }
}

/// <summary>Limits in base units.</summary>
public sealed class RuntimeLimits
{
    /// <summary>Memory of one instance in bytes.</summary>
    public required long MemoryBytes { get; set; }

    /// <summary>Request timeout in milliseconds.</summary>
    public required long TimeoutMs { get; set; }

    /// <summary>Largest request body in bytes.</summary>
    public required long MaxBodyBytes { get; set; }

    /// <summary>Requests served at once per node.</summary>
    public required int MaxConcurrency { get; set; }
}

/// <summary>An allowed egress destination.</summary>
public sealed class RuntimeEgressRule
{
    /// <summary>Host, <c>*.</c> wildcard or <c>*</c>.</summary>
    public required string Host { get; set; }

    /// <summary>Port, or null for any.</summary>
    public int? Port { get; set; }
}

/// <summary>A worker's bindings.</summary>
public sealed class RuntimeBindings
{
    /// <summary>KV namespace bindings.</summary>
    public required IList<RuntimeKvBinding> Kv { get; set; }

    /// <summary>Plain variables.</summary>
    public required IList<RuntimeVar> Vars { get; set; }

    /// <summary>Secret references; the runtime reads the values itself.</summary>
    public required IList<RuntimeSecretReference> Secrets { get; set; }
}

/// <summary>A KV binding by namespace id.</summary>
public sealed class RuntimeKvBinding
{
    /// <summary>Binding name seen by the code.</summary>
    public required string Name { get; set; }

    /// <summary>Id of the bound <see cref="RuntimeKvNamespace"/>.</summary>
    public required string NamespaceId { get; set; }
}

/// <summary>A plain variable.</summary>
public sealed class RuntimeVar
{
    /// <summary>Binding name seen by the code.</summary>
    public required string Name { get; set; }

    /// <summary>The value.</summary>
    public required string Value { get; set; }
}

/// <summary>Where a secret binding's value lives; never the value itself.</summary>
public sealed class RuntimeSecretReference
{
    /// <summary>Binding name seen by the code.</summary>
    public required string Name { get; set; }

    /// <summary>Secret name in the worker's namespace.</summary>
    public required string SecretName { get; set; }

    /// <summary>Key in the Secret's data.</summary>
    public required string Key { get; set; }
}

/// <summary>A KV namespace with normalized limits.</summary>
public sealed class RuntimeKvNamespace
{
    /// <summary>Stable storage id, <c>namespace/name</c>: a re-created object of the same name finds retained data.</summary>
    public required string Id { get; set; }

    /// <summary>Object name.</summary>
    public required string Name { get; set; }

    /// <summary>Object namespace.</summary>
    public required string Namespace { get; set; }

    /// <summary>Most keys.</summary>
    public required long MaxKeys { get; set; }

    /// <summary>Largest value in bytes.</summary>
    public required long MaxValueBytes { get; set; }

    /// <summary>Total size in bytes.</summary>
    public required long MaxTotalBytes { get; set; }

    /// <summary>Default TTL in milliseconds, or null for none.</summary>
    public long? DefaultTtlMs { get; set; }

    /// <summary>The id of KV namespace <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public static string IdFor(string ns, string name) => $"{ns}/{name}";
}
