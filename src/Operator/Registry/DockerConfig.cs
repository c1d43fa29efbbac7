using System.Text;
using System.Text.Json;

namespace Wharf.Operator.Registry;

/// <summary>A username/password pair for one registry. <see cref="ToString"/> never reveals the password.</summary>
internal sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary>The value of a Basic <c>Authorization</c> header.</summary>
    public string BasicValue => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <inheritdoc />
    public override string ToString() => $"RegistryCredentials {{ Username = {Username}, Password = *** }}";
}

/// <summary>
/// Reads the <c>.dockerconfigjson</c> key of a <c>kubernetes.io/dockerconfigjson</c> Secret
/// (<c>{"auths":{"host":{"username":…,"password":…,"auth":base64(user:pass)}}}</c>).
/// </summary>
internal static class DockerConfig
{
    /// <summary>Data key of a docker-config Secret.</summary>
    public const string SecretKey = ".dockerconfigjson";

    /// <summary>
    /// Credentials for <paramref name="registry"/> (matched on host[:port], also as an <c>https://host/…</c> URL key),
    /// or null when the document has none. Throws <see cref="FormatException"/> for a malformed document — without
    /// echoing its content, which holds secrets.
    /// </summary>
    public static RegistryCredentials? Find(ReadOnlySpan<byte> json, string registry)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            throw new FormatException("the .dockerconfigjson is not valid JSON");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object ||
                !doc.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the .dockerconfigjson has no \"auths\" object");
            }

            foreach (var entry in auths.EnumerateObject())
            {
                if (!string.Equals(HostOf(entry.Name), registry, StringComparison.OrdinalIgnoreCase) &&
                    !(registry == "docker.io" && HostOf(entry.Name) is "index.docker.io" or "registry-1.docker.io"))
                {
                    continue;
                }

                return Parse(entry.Value) ?? throw new FormatException($"the .dockerconfigjson entry for {registry} has no username/password or auth");
            }

            return null;
        }
    }

    private static RegistryCredentials? Parse(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? user = entry.TryGetProperty("username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        string? pass = entry.TryGetProperty("password", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        if (user is not null && pass is not null)
        {
            return new RegistryCredentials(user, pass);
        }

        if (entry.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.GetString()!));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon > 0 ? new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..]) : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Keys may be bare hosts or URLs such as <c>https://index.docker.io/v1/</c>.</summary>
    private static string HostOf(string key)
    {
        var k = key;
        var scheme = k.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            k = k[(scheme + 3)..];
        }

        var slash = k.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? k[..slash] : k;
    }
}
