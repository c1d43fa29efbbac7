using System.Text.Json;

namespace Wharf.Api.Runtime;

/// <summary>Reads and writes <see cref="RuntimeConfig"/> documents.</summary>
public static class RuntimeConfigSerializer
{
    /// <summary>Compact JSON; equal configs give identical text.</summary>
    public static string Serialize(RuntimeConfig config) =>
        JsonSerializer.Serialize(config, WharfJsonContext.Default.RuntimeConfig);

    /// <summary>
    /// Parses a document; throws <see cref="FormatException"/> for malformed JSON, missing fields or a version
    /// this library does not read.
    /// </summary>
    public static RuntimeConfig Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                throw new FormatException("runtime config has no numeric \"version\"");
            }

            if (version.GetInt32() != RuntimeConfig.CurrentVersion)
            {
                throw new FormatException($"runtime config version {version.GetRawText()} is not supported (this build reads version {RuntimeConfig.CurrentVersion})");
            }

            return document.RootElement.Deserialize(WharfJsonContext.Default.RuntimeConfig)
                ?? throw new FormatException("runtime config is null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"runtime config is invalid: {e.Message}", e);
        }
    }
}
