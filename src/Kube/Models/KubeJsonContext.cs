using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>
/// Source-generated serialization for the built-in types. Projects adding their own types (CRDs) declare
/// their own context with the same options: camelCase names, nulls omitted.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Namespace))]
[JsonSerializable(typeof(ConfigMap))]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(DaemonSet))]
[JsonSerializable(typeof(EndpointSlice))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(UnstructuredObject))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(ListMeta))]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(KubernetesList<UnstructuredObject>))]
public sealed partial class KubeJsonContext : JsonSerializerContext;
