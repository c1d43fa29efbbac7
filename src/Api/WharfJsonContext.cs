using System.Text.Json.Serialization;
using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;
using Wharf.Api.Runtime;
using Wharf.Api.Workers;
using Wharf.Kube.Models;

namespace Wharf.Api;

/// <summary>
/// Source-generated serialization of the Wharf types, with the same options as the Kubernetes models:
/// camelCase names, nulls omitted. Schema-required properties are C# <c>required</c> and fail deserialization
/// when absent.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Worker))]
[JsonSerializable(typeof(KubernetesList<Worker>))]
[JsonSerializable(typeof(KvNamespace))]
[JsonSerializable(typeof(KubernetesList<KvNamespace>))]
[JsonSerializable(typeof(WorkerQuota))]
[JsonSerializable(typeof(KubernetesList<WorkerQuota>))]
[JsonSerializable(typeof(RuntimeConfig))]
public sealed partial class WharfJsonContext : JsonSerializerContext;
