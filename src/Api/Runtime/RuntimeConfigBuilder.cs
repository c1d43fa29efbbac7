using System.Text.RegularExpressions;
using Wharf.Api.KvNamespaces;
using Wharf.Api.Workers;

namespace Wharf.Api.Runtime;

/// <summary>
/// Turns Worker and KvNamespace objects into runtime config entries: applies CRD defaults the object may lack,
/// normalizes quantities and durations, pins the image by digest. Bad values throw
/// <see cref="RuntimeConfigException"/> naming the field.
/// </summary>
public static partial class RuntimeConfigBuilder
{
    /// <summary>Builds the entry for <paramref name="worker"/> with its module resolved to <paramref name="digest"/>.</summary>
    public static RuntimeWorker FromWorker(Worker worker, string digest)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(digest);
        var name = worker.Metadata.Name ?? throw new RuntimeConfigException("metadata.name", "is required");
        var ns = worker.Metadata.NamespaceProperty ?? throw new RuntimeConfigException("metadata.namespace", "is required");
        var spec = worker.Spec ?? throw new RuntimeConfigException("spec", "is required");
        if (!DigestRegex().IsMatch(digest))
        {
            throw new RuntimeConfigException("status.resolvedDigest", $"\"{digest}\" is not a sha256 digest (sha256:<64 hex>)");
        }

        var limits = spec.Limits;
        var bindings = spec.Bindings;
        return new RuntimeWorker
        {
            Name = name,
            Namespace = ns,
            Generation = worker.Metadata.Generation ?? 0,
            Image = PinImage(spec.Module.Image, digest),
            Digest = digest,
            Runtime = spec.Module.Runtime,
            Routes = [.. spec.Routes.Select(r => new RuntimeRoute { Host = r.Host, PathPrefix = r.PathPrefix ?? WorkerDefaults.PathPrefix })],
            Limits = new RuntimeLimits
            {
                MemoryBytes = Bytes("spec.limits.memory", limits?.Memory ?? WorkerDefaults.Memory),
                TimeoutMs = Milliseconds("spec.limits.timeout", limits?.Timeout ?? WorkerDefaults.Timeout),
                MaxBodyBytes = Bytes("spec.limits.maxBodySize", limits?.MaxBodySize ?? WorkerDefaults.MaxBodySize),
                MaxConcurrency = limits?.MaxConcurrency ?? WorkerDefaults.MaxConcurrency,
            },
            Egress = [.. (spec.Egress ?? []).Select(e => new RuntimeEgressRule { Host = e.Host, Port = e.Port })],
            Bindings = new RuntimeBindings
            {
                Kv = [.. (bindings?.Kv ?? []).OrderBy(b => b.Name, StringComparer.Ordinal)
                    .Select(b => new RuntimeKvBinding { Name = b.Name, NamespaceId = RuntimeKvNamespace.IdFor(ns, b.Namespace) })],
                Vars = [.. (bindings?.Vars ?? []).OrderBy(v => v.Name, StringComparer.Ordinal)
                    .Select(v => new RuntimeVar { Name = v.Name, Value = v.Value })],
                Secrets = [.. (bindings?.Secrets ?? []).OrderBy(s => s.Name, StringComparer.Ordinal)
                    .Select(s => new RuntimeSecretReference { Name = s.Name, SecretName = s.SecretName, Key = s.Key })],
            },
            MinInstances = spec.MinInstances ?? WorkerDefaults.MinInstances,
        };
    }

    /// <summary>Builds the entry for <paramref name="kv"/>.</summary>
    public static RuntimeKvNamespace FromKvNamespace(KvNamespace kv)
    {
        ArgumentNullException.ThrowIfNull(kv);
        var name = kv.Metadata.Name ?? throw new RuntimeConfigException("metadata.name", "is required");
        var ns = kv.Metadata.NamespaceProperty ?? throw new RuntimeConfigException("metadata.namespace", "is required");
        var limits = kv.Spec?.Limits;
        return new RuntimeKvNamespace
        {
            Id = RuntimeKvNamespace.IdFor(ns, name),
            Name = name,
            Namespace = ns,
            MaxKeys = limits?.MaxKeys ?? KvNamespaceDefaults.MaxKeys,
            MaxValueBytes = Bytes("spec.limits.maxValueSize", limits?.MaxValueSize ?? KvNamespaceDefaults.MaxValueSize),
            MaxTotalBytes = Bytes("spec.limits.maxTotalSize", limits?.MaxTotalSize ?? KvNamespaceDefaults.MaxTotalSize),
            DefaultTtlMs = kv.Spec?.DefaultTtl is { } ttl ? Milliseconds("spec.defaultTtl", ttl) : null,
        };
    }

    /// <summary>Assembles the document for <paramref name="ns"/>, sorting entries by name for stable output.</summary>
    public static RuntimeConfig Build(string ns, IEnumerable<RuntimeWorker> workers, IEnumerable<RuntimeKvNamespace> kvNamespaces)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        return new RuntimeConfig
        {
            Version = RuntimeConfig.CurrentVersion,
            Namespace = ns,
            Workers = [.. workers.OrderBy(w => w.Name, StringComparer.Ordinal)],
            KvNamespaces = [.. kvNamespaces.OrderBy(k => k.Name, StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// <c>repo:tag</c> or <c>repo</c> becomes <c>repo@digest</c>; a reference already pinned must carry the
    /// same digest.
    /// </summary>
    public static string PinImage(string image, string digest)
    {
        ArgumentNullException.ThrowIfNull(image);
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var pinned = image[(at + 1)..];
            return pinned == digest
                ? image
                : throw new RuntimeConfigException("spec.module.image", $"is pinned to {pinned} but resolved to {digest}");
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        var repository = colon < 0 ? image : image[..colon];
        return $"{repository}@{digest}";
    }

    private static long Bytes(string field, string text)
    {
        if (!Quantity.TryParse(text, out var quantity, out var error))
        {
            throw new RuntimeConfigException(field, error!);
        }

        try
        {
            return quantity.ToBytes();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new RuntimeConfigException(field, e.Message);
        }
    }

    private static long Milliseconds(string field, string text)
    {
        if (!GoDuration.TryParseNanoseconds(text, out var ns, out var error))
        {
            throw new RuntimeConfigException(field, error!);
        }

        return ns / 1_000_000 + (ns % 1_000_000 == 0 ? 0 : 1);
    }

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestRegex();
}

/// <summary>A Wharf object cannot be turned into runtime config; <see cref="Field"/> names the culprit.</summary>
public sealed class RuntimeConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuntimeConfigException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
    }

    /// <summary>Field path, e.g. <c>spec.limits.memory</c>.</summary>
    public string Field { get; }
}
