using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;
using Wharf.Api.Workers;

namespace Wharf.Api.Validation;

/// <summary>
/// The cross-field rules of the CRDs (their <c>x-kubernetes-validations</c> CEL rules) plus unit parsing, in C#:
/// for the operator's defence in depth and for clusters or fakes that do not evaluate CEL. Schema-level checks
/// (types, patterns, enums, ranges) are the API server's job and are not repeated here.
/// </summary>
public static class WharfValidator
{
    private static readonly Quantity MinMemory = Quantity.Parse("1Mi");
    private static readonly Quantity MaxMemory = Quantity.Parse("4Gi");
    private static readonly Quantity MaxBody = Quantity.Parse("1Gi");

    /// <summary>Rules of <c>wharf.dev_workers.yaml</c>.</summary>
    public static IReadOnlyList<FieldViolation> Validate(Worker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var errors = new List<FieldViolation>();
        var spec = worker.Spec;
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < spec.Routes.Count; i++)
        {
            var route = spec.Routes[i];
            if (!seen.Add((route.Host, route.PathPrefix ?? WorkerDefaults.PathPrefix)))
            {
                errors.Add(new($"spec.routes[{i}]", $"duplicate route {route.Host}{route.PathPrefix ?? WorkerDefaults.PathPrefix}"));
            }
        }

        var memory = CheckQuantity("spec.limits.memory", spec.Limits?.Memory ?? WorkerDefaults.Memory, errors);
        if (memory is { } m && (m < MinMemory || m > MaxMemory))
        {
            errors.Add(new("spec.limits.memory", $"{m} is outside 1Mi..4Gi"));
        }

        var body = CheckQuantity("spec.limits.maxBodySize", spec.Limits?.MaxBodySize ?? WorkerDefaults.MaxBodySize, errors);
        if (body is { } b && b > MaxBody)
        {
            errors.Add(new("spec.limits.maxBodySize", $"{b} exceeds 1Gi"));
        }

        CheckPositiveDuration("spec.limits.timeout", spec.Limits?.Timeout ?? WorkerDefaults.Timeout, errors);

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        void Bind(string list, int index, string name)
        {
            if (names.TryGetValue(name, out var first))
            {
                errors.Add(new($"spec.bindings.{list}[{index}].name", $"binding name \"{name}\" is already used by {first}"));
            }
            else
            {
                names[name] = $"spec.bindings.{list}[{index}]";
            }
        }

        var bindings = spec.Bindings;
        for (var i = 0; i < (bindings?.Kv?.Count ?? 0); i++)
        {
            Bind("kv", i, bindings!.Kv![i].Name);
        }

        for (var i = 0; i < (bindings?.Vars?.Count ?? 0); i++)
        {
            Bind("vars", i, bindings!.Vars![i].Name);
        }

        for (var i = 0; i < (bindings?.Secrets?.Count ?? 0); i++)
        {
            Bind("secrets", i, bindings!.Secrets![i].Name);
        }

        return errors;
    }

    /// <summary>Rules of <c>wharf.dev_kvnamespaces.yaml</c>.</summary>
    public static IReadOnlyList<FieldViolation> Validate(KvNamespace kv)
    {
        ArgumentNullException.ThrowIfNull(kv);
        var errors = new List<FieldViolation>();
        var limits = kv.Spec.Limits;
        var value = CheckQuantity("spec.limits.maxValueSize", limits?.MaxValueSize ?? KvNamespaceDefaults.MaxValueSize, errors);
        var total = CheckQuantity("spec.limits.maxTotalSize", limits?.MaxTotalSize ?? KvNamespaceDefaults.MaxTotalSize, errors);
        if (value is { } v && total is { } t && v > t)
        {
            errors.Add(new("spec.limits.maxValueSize", $"{v} exceeds maxTotalSize {t}"));
        }

        if (kv.Spec.DefaultTtl is { } ttl)
        {
            CheckDuration("spec.defaultTtl", ttl, errors);
        }

        return errors;
    }

    /// <summary>Rules of <c>wharf.dev_workerquotas.yaml</c>.</summary>
    public static IReadOnlyList<FieldViolation> Validate(WorkerQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var errors = new List<FieldViolation>();
        var spec = quota.Spec;
        if (spec.Signatures is { Required: true } signatures && (signatures.TrustedKeys?.Count ?? 0) == 0)
        {
            errors.Add(new("spec.signatures.trustedKeys", "must not be empty when signatures are required"));
        }

        if (spec.Workers?.MaxMemory is { } maxMemory)
        {
            CheckQuantity("spec.workers.maxMemory", maxMemory, errors);
        }

        if (spec.Workers?.MaxTimeout is { } maxTimeout)
        {
            CheckPositiveDuration("spec.workers.maxTimeout", maxTimeout, errors);
        }

        if (spec.Kv?.MaxTotalSize is { } kvTotal)
        {
            CheckQuantity("spec.kv.maxTotalSize", kvTotal, errors);
        }

        var resources = spec.RuntimePods?.Resources;
        foreach (var (name, request, limit) in new[]
        {
            ("cpu", resources?.Requests?.Cpu, resources?.Limits?.Cpu),
            ("memory", resources?.Requests?.Memory, resources?.Limits?.Memory),
        })
        {
            var r = request is null ? null : CheckQuantity($"spec.runtimePods.resources.requests.{name}", request, errors);
            var l = limit is null ? null : CheckQuantity($"spec.runtimePods.resources.limits.{name}", limit, errors);
            if (r is { } rq && l is { } lq && rq > lq)
            {
                errors.Add(new($"spec.runtimePods.resources.requests.{name}", $"request {rq} exceeds limit {lq}"));
            }
        }

        return errors;
    }

    internal static Quantity? CheckQuantity(string field, string text, List<FieldViolation> errors)
    {
        if (Quantity.TryParse(text, out var quantity, out var error))
        {
            return quantity;
        }

        errors.Add(new(field, error!));
        return null;
    }

    /// <summary>A duration that must be above zero: a 0s timeout passes the pattern but no request could ever finish.</summary>
    internal static long? CheckPositiveDuration(string field, string text, List<FieldViolation> errors)
    {
        var ns = CheckDuration(field, text, errors);
        if (ns is <= 0)
        {
            errors.Add(new(field, $"{text} must be greater than 0s"));
            return null;
        }

        return ns;
    }

    internal static long? CheckDuration(string field, string text, List<FieldViolation> errors)
    {
        if (GoDuration.TryParseNanoseconds(text, out var ns, out var error))
        {
            return ns;
        }

        errors.Add(new(field, error!));
        return null;
    }
}
