using System.Text.Json.Serialization;

namespace Wharf.Api.Workers;

/// <summary>How a worker's module is executed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkerRuntime>))]
public enum WorkerRuntime
{
    /// <summary>A WebAssembly module run by the Wharf engine.</summary>
    [JsonStringEnumMemberName("wasm")]
    Wasm,

    /// <summary>A JavaScript module.</summary>
    [JsonStringEnumMemberName("javascript")]
    JavaScript,
}
