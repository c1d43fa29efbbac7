using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>
/// Reads/writes <c>metav1.Time</c>: RFC 3339 in UTC with second precision (<c>2006-01-02T15:04:05Z</c>),
/// the form the API server emits. Any RFC 3339 value is accepted on read.
/// </summary>
public sealed class KubeTimeConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        KubeTime.Parse(reader.GetString());

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture));
}

/// <summary>
/// Reads/writes <c>metav1.MicroTime</c>: RFC 3339 in UTC with microsecond precision
/// (<c>2006-01-02T15:04:05.000000Z</c>), used by Lease and events.k8s.io Event.
/// </summary>
public sealed class KubeMicroTimeConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        KubeTime.Parse(reader.GetString());

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture));
}

internal static class KubeTime
{
    public static DateTimeOffset Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new JsonException($"'{text}' is not an RFC 3339 timestamp.");
        }

        return value;
    }
}
