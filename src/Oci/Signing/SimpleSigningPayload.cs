using System.Text.Json;

namespace Wharf.Oci;

/// <summary>
/// The simple-signing payload cosign signs
/// (<see href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md#simple-signing"/>):
/// <c>{"critical":{"identity":{"docker-reference":…},"image":{"docker-manifest-digest":…},"type":"cosign container image signature"},"optional":…}</c>.
/// </summary>
/// <param name="DockerReference">The repository the signer named (ignored on verification, as cosign does).</param>
/// <param name="ManifestDigest">The signed manifest digest.</param>
/// <param name="Type">The <c>critical.type</c> value.</param>
public sealed record SimpleSigningPayload(string DockerReference, string ManifestDigest, string Type)
{
    /// <summary>The <c>critical.type</c> of cosign container image signatures.</summary>
    public const string CosignType = "cosign container image signature";

    /// <summary>The payload bytes for <paramref name="manifestDigest"/> in <paramref name="dockerReference"/>, as cosign writes them.</summary>
    public static byte[] Create(string dockerReference, string manifestDigest)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("critical");
            writer.WriteStartObject("identity");
            writer.WriteString("docker-reference", dockerReference);
            writer.WriteEndObject();
            writer.WriteStartObject("image");
            writer.WriteString("docker-manifest-digest", OciDigest.Validate(manifestDigest));
            writer.WriteEndObject();
            writer.WriteString("type", CosignType);
            writer.WriteEndObject();
            writer.WriteNull("optional");
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Parses a payload. Keys match case-insensitively, as Go's encoding/json (which cosign uses) matches them: the
    /// spec's own example spells <c>Docker-manifest-digest</c>.
    /// </summary>
    public static SimpleSigningPayload Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var critical = Get(doc.RootElement, "critical") ?? throw new FormatException("the payload has no 'critical' object");
            var type = Get(critical, "type") is { ValueKind: JsonValueKind.String } t ? t.GetString()! : throw new FormatException("the payload has no critical.type");
            var image = Get(critical, "image") ?? throw new FormatException("the payload has no critical.image");
            var digest = Get(image, "docker-manifest-digest") is { ValueKind: JsonValueKind.String } d ? d.GetString()! : throw new FormatException("the payload has no critical.image.docker-manifest-digest");
            var identity = Get(critical, "identity");
            var reference = identity is { } i && Get(i, "docker-reference") is { ValueKind: JsonValueKind.String } r ? r.GetString()! : "";
            return new SimpleSigningPayload(reference, digest, type);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the payload is not valid JSON: {e.Message}", e);
        }
    }

    private static JsonElement? Get(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
