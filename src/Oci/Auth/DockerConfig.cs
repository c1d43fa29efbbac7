using System.Text;
using System.Text.Json;

namespace Wharf.Oci;

/// <summary>A username/password pair for one registry. <see cref="ToString"/> never reveals the password.</summary>
public sealed record RegistryCredentials(string Username, string Password)
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
public static class DockerConfig
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

/// <summary>Where the credentials of a registry come from (a pull Secret, the user's docker config, nothing).</summary>
public static class RegistryCredentialSources
{
    /// <summary>No credentials for any registry: anonymous access.</summary>
    public static Func<string, RegistryCredentials?> Anonymous { get; } = _ => null;

    /// <summary>
    /// Credentials from a docker config document (a <c>.dockerconfigjson</c> Secret value or <c>config.json</c>).
    /// A document without <c>auths</c> means anonymous access; a malformed one throws <see cref="FormatException"/> now.
    /// </summary>
    public static Func<string, RegistryCredentials?> FromDockerConfig(ReadOnlyMemory<byte> json)
    {
        if (!HasAuths(json.Span))
        {
            return Anonymous;
        }

        _ = DockerConfig.Find(json.Span, "validate.invalid"); // Throws for malformed documents before first use.
        return registry => DockerConfig.Find(json.Span, registry);
    }

    /// <summary>
    /// The user's docker config: <c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>; anonymous when absent.
    /// Credential helpers (<c>credsStore</c>, <c>credHelpers</c>) are not consulted.
    /// </summary>
    public static Func<string, RegistryCredentials?> FromUserConfig()
    {
        var dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(dir))
        {
            dir = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }

        var path = Path.Join(dir, "config.json");
        if (!File.Exists(path))
        {
            return Anonymous;
        }

        try
        {
            return FromDockerConfig(File.ReadAllBytes(path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    private static bool HasAuths(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("auths", out _);
        }
        catch (JsonException)
        {
            throw new FormatException("the docker config is not valid JSON");
        }
    }
}
