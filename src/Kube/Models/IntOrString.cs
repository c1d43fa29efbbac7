using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>A value that is either an integer or a string on the wire (ports, percentages).</summary>
[JsonConverter(typeof(IntOrStringConverter))]
public readonly record struct IntOrString
{
    /// <summary>An integer value.</summary>
    public IntOrString(int value) => IntValue = value;

    /// <summary>A string value, e.g. a named port or <c>25%</c>.</summary>
    public IntOrString(string value) => StringValue = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The integer, when this is an integer.</summary>
    public int? IntValue { get; }

    /// <summary>The string, when this is a string.</summary>
    public string? StringValue { get; }

    /// <summary>Converts an integer.</summary>
    public static implicit operator IntOrString(int value) => new(value);

    /// <summary>Converts a string.</summary>
    public static implicit operator IntOrString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => StringValue ?? IntValue?.ToString(CultureInfo.InvariantCulture) ?? "";
}

/// <summary>JSON converter for <see cref="IntOrString"/>.</summary>
public sealed class IntOrStringConverter : JsonConverter<IntOrString>
{
    /// <inheritdoc />
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => new IntOrString(reader.GetInt32()),
            JsonTokenType.String => new IntOrString(reader.GetString()!),
            _ => throw new JsonException("Expected an integer or a string."),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.StringValue is not null)
        {
            writer.WriteStringValue(value.StringValue);
        }
        else
        {
            writer.WriteNumberValue(value.IntValue ?? 0);
        }
    }
}
