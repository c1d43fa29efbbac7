using System.Text.Json;

namespace Wharf.Oci;

/// <summary>
/// An OCI image manifest (<see href="https://github.com/opencontainers/image-spec/blob/main/manifest.md"/>).
/// <see cref="ToJson"/> writes fields in a fixed order and no whitespace, so equal manifests have equal digests.
/// </summary>
/// <param name="Config">The config descriptor.</param>
/// <param name="Layers">The layers, in order.</param>
/// <param name="Annotations">Manifest annotations, or null.</param>
public sealed record OciManifest(OciDescriptor Config, IReadOnlyList<OciDescriptor> Layers, IReadOnlyDictionary<string, string>? Annotations = null)
{
    /// <summary>The canonical JSON bytes of this manifest.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", MediaTypes.ImageManifest);
            writer.WritePropertyName("config");
            Config.Write(writer);
            writer.WriteStartArray("layers");
            foreach (var layer in Layers)
            {
                layer.Write(writer);
            }

            writer.WriteEndArray();
            OciDescriptor.WriteAnnotations(writer, Annotations);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses manifest bytes; <see cref="FormatException"/> names what is wrong. Indexes are refused.</summary>
    public static OciManifest Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"the manifest is not valid JSON: {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the manifest is not a JSON object");
            }

            if (!root.TryGetProperty("schemaVersion", out var v) || v.ValueKind != JsonValueKind.Number || v.GetInt32() != 2)
            {
                throw new FormatException("the manifest's schemaVersion is not 2");
            }

            if (root.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String &&
                mt.GetString() is not (MediaTypes.ImageManifest or MediaTypes.DockerManifest))
            {
                throw new FormatException($"expected an image manifest, got {mt.GetString()}");
            }

            if (root.TryGetProperty("manifests", out _))
            {
                throw new FormatException("expected an image manifest, got an index");
            }

            var config = root.TryGetProperty("config", out var c) ? OciDescriptor.Read(c, "config") : throw new FormatException("the manifest has no config");
            if (!root.TryGetProperty("layers", out var l) || l.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("the manifest has no layers array");
            }

            var layers = l.EnumerateArray().Select((e, i) => OciDescriptor.Read(e, $"layers[{i}]")).ToList();
            return new OciManifest(config, layers, OciDescriptor.ReadAnnotations(root, "manifest"));
        }
    }
}
