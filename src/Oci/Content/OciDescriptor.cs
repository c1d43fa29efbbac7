using System.Text.Json;

namespace Wharf.Oci;

/// <summary>
/// A content descriptor (<see href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md"/>).
/// </summary>
/// <param name="MediaType">Media type of the referenced content.</param>
/// <param name="Digest">sha256 digest of the content.</param>
/// <param name="Size">Exact size in bytes.</param>
/// <param name="Annotations">Annotations, or null.</param>
public sealed record OciDescriptor(string MediaType, string Digest, long Size, IReadOnlyDictionary<string, string>? Annotations = null)
{
    /// <summary>A descriptor of <paramref name="content"/>.</summary>
    public static OciDescriptor Of(string mediaType, ReadOnlySpan<byte> content, IReadOnlyDictionary<string, string>? annotations = null) =>
        new(mediaType, OciDigest.Compute(content), content.Length, annotations);

    /// <summary>The annotation <paramref name="key"/>, or null.</summary>
    public string? Annotation(string key) => Annotations is not null && Annotations.TryGetValue(key, out var v) ? v : null;

    internal void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", MediaType);
        writer.WriteString("digest", Digest);
        writer.WriteNumber("size", Size);
        WriteAnnotations(writer, Annotations);
        writer.WriteEndObject();
    }

    internal static void WriteAnnotations(Utf8JsonWriter writer, IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is not { Count: > 0 })
        {
            return;
        }

        writer.WriteStartObject("annotations");
        foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    internal static OciDescriptor Read(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where} is not an object");
        }

        var mediaType = element.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : throw new FormatException($"{where} has no mediaType");
        var digest = element.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : throw new FormatException($"{where} has no digest");
        if (!OciDigest.IsValid(digest))
        {
            throw new FormatException($"{where} has digest '{digest}', which is not sha256");
        }

        var size = element.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) && n >= 0
            ? n
            : throw new FormatException($"{where} has no valid size");
        return new OciDescriptor(mediaType, digest, size, ReadAnnotations(element, where));
    }

    internal static Dictionary<string, string>? ReadAnnotations(JsonElement element, string where)
    {
        if (!element.TryGetProperty("annotations", out var a) || a.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (a.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where}.annotations is not an object");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in a.EnumerateObject())
        {
            result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new FormatException($"{where}.annotations.{p.Name} is not a string");
        }

        return result;
    }
}
