using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>
/// Any object without a C# type: apiVersion, kind and metadata are typed, everything else
/// (<c>spec</c>, <c>status</c>, <c>data</c>, …) lives in <see cref="Fields"/> as JSON nodes.
/// </summary>
[JsonConverter(typeof(UnstructuredObjectConverter))]
public sealed class UnstructuredObject : IKubernetesObject
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "";

    /// <inheritdoc />
    public string Kind { get; set; } = "";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>All other top-level fields, round-tripped unchanged.</summary>
    public JsonObject Fields { get; set; } = [];

    /// <summary>Gets or sets a top-level field such as <c>spec</c>.</summary>
    /// <param name="field">Top-level field name.</param>
    public JsonNode? this[string field]
    {
        get => Fields[field];
        set => Fields[field] = value;
    }
}

/// <summary>
/// Flattens <see cref="UnstructuredObject.Fields"/> into the object. Hand-written because the source generator
/// writes a <c>JsonObject</c> extension-data property as a nested value instead of merging it.
/// </summary>
public sealed class UnstructuredObjectConverter : JsonConverter<UnstructuredObject>
{
    /// <inheritdoc />
    public override UnstructuredObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject node)
        {
            throw new JsonException("A Kubernetes object must be a JSON object.");
        }

        var result = new UnstructuredObject();
        if (node.Remove("apiVersion", out var apiVersion))
        {
            result.ApiVersion = apiVersion?.GetValue<string>() ?? "";
        }

        if (node.Remove("kind", out var kind))
        {
            result.Kind = kind?.GetValue<string>() ?? "";
        }

        if (node.Remove("metadata", out var metadata) && metadata is not null)
        {
            result.Metadata = metadata.Deserialize(KubeJsonContext.Default.ObjectMeta) ?? new ObjectMeta();
        }

        result.Fields = node;
        return result;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, UnstructuredObject value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion", value.ApiVersion);
        writer.WriteString("kind", value.Kind);
        writer.WritePropertyName("metadata");
        JsonSerializer.Serialize(writer, value.Metadata, KubeJsonContext.Default.ObjectMeta);
        foreach (var (name, field) in value.Fields)
        {
            if (name is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            writer.WritePropertyName(name);
            if (field is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                field.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }
}
