using System.Text.Json.Serialization;
using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;
using Wharf.Api.Runtime;
using Wharf.Api.Workers;

namespace Wharf.Api;

/// <summary>
/// Source-generated serialization of the Wharf types, with the same options as the package's
/// <c>k8s.KubernetesJson</c> (which the API calls use): camelCase names, nulls omitted. Schema-required properties are C# <c>required</c> and fail deserialization
/// when absent.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Worker))]
[JsonSerializable(typeof(KvNamespace))]
[JsonSerializable(typeof(WorkerQuota))]
[JsonSerializable(typeof(RuntimeConfig))]
public sealed partial class WharfJsonContext : JsonSerializerContext;
