using System.Text.Json;
using Wharf.Cli.Wasm;
using Wharf.NodeRuntime.Egress;
using Wharf.NodeRuntime.Hosting;

namespace Wharf.Cli.Dev;

/// <summary>A manifest (or file) that cannot be used; the message names the file and the field.</summary>
internal sealed class DevConfigException(string message) : Exception(message);

/// <summary>
/// One project's <c>wharf.json</c> (see docs/wharf-dev.md): name, main file, routes, vars, secrets, KV bindings,
/// egress and limits. Every field is optional; the defaults make a folder with an <c>index.js</c> a worker.
/// </summary>
internal sealed record DevManifest
{
    public const string FileName = "wharf.json";

    /// <summary>Dev defaults: smaller than the node runtime's so runaway code shows up early.</summary>
    public static WorkerLimits DefaultLimits { get; } = new()
    {
        Timeout = TimeSpan.FromSeconds(5),
        MemoryBytes = 128L << 20,
        MaxRequestBodyBytes = 10L << 20,
        MaxResponseBodyBytes = 10 << 20,
    };

    private static readonly string[] KnownFields = ["name", "main", "routes", "vars", "secrets", "kv", "egress", "limits"];
    private static readonly string[] KnownLimits = ["timeout", "memory", "maxRequestBody", "maxResponseBody", "maxConcurrency"];

    public required string Name { get; init; }

    /// <summary>Path of the entry file relative to the project folder (<c>.js</c>/<c>.mjs</c> or <c>.wasm</c>).</summary>
    public required string Main { get; init; }

    /// <summary>Routes, or null for the serving mode's default.</summary>
    public IReadOnlyList<WorkerRoute>? Routes { get; init; }

    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>KV bindings: binding name → namespace id in the dev store.</summary>
    public IReadOnlyDictionary<string, string> Kv { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<EgressRule> Egress { get; init; } = [];

    public WorkerLimits Limits { get; init; } = DefaultLimits;

    /// <summary>The manifest of a project without <c>wharf.json</c>.</summary>
    public static DevManifest Default(string name, string main) => new() { Name = ValidName(name, "<default>"), Main = main };

    /// <summary>Parses <paramref name="json"/> read from <paramref name="path"/>; errors name the file and field.</summary>
    public static DevManifest Parse(string json, string path, string defaultName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new DevConfigException($"{path}: invalid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DevConfigException($"{path}: expected a JSON object");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!KnownFields.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw new DevConfigException($"{path}: unknown field '{property.Name}' (known: {string.Join(", ", KnownFields)})");
                }
            }

            var name = root.TryGetProperty("name", out var n) ? String(n, path, "name") : defaultName;
            var kvNamespaces = Map(root, "kv", path, allowList: true);
            return new DevManifest
            {
                Name = ValidName(name, path),
                Main = root.TryGetProperty("main", out var m) ? String(m, path, "main") : "index.js",
                Routes = root.TryGetProperty("routes", out var r) ? ParseRoutes(r, path) : null,
                Vars = Map(root, "vars", path, allowList: false),
                Secrets = Map(root, "secrets", path, allowList: false),
                // A bare binding name gets its own namespace per worker, so two projects never share by accident.
                Kv = kvNamespaces.ToDictionary(b => b.Key, b => b.Value.Length == 0 ? $"{name}/{b.Key}" : b.Value, StringComparer.Ordinal),
                Egress = root.TryGetProperty("egress", out var e) ? ParseEgress(e, path) : [],
                Limits = root.TryGetProperty("limits", out var l) ? ParseLimits(l, path) : DefaultLimits,
            };
        }
    }

    /// <summary>Parses a route: <c>/prefix</c> (any host), <c>host</c>, <c>host/prefix</c> or <c>*.domain/prefix</c>;
    /// a trailing <c>*</c> after the last slash (Cloudflare style) is accepted and ignored.</summary>
    public static WorkerRoute ParseRoute(string text, string path)
    {
        var s = text.Trim();
        if (s.EndsWith("/*", StringComparison.Ordinal))
        {
            s = s[..^1];
        }

        var slash = s.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? s : s[..slash];
        var prefix = slash < 0 ? "/" : s[slash..];
        if (prefix.Length > 1 && prefix.EndsWith('/'))
        {
            prefix = prefix.TrimEnd('/');
        }

        if (host.Length == 0)
        {
            host = "*";
        }

        if (host.Contains(':', StringComparison.Ordinal) || host.Contains('?', StringComparison.Ordinal)
            || prefix.Contains('?', StringComparison.Ordinal) || prefix.Contains('*', StringComparison.Ordinal)
            || (host != "*" && host.Contains('*', StringComparison.Ordinal) && (!host.StartsWith("*.", StringComparison.Ordinal) || host.LastIndexOf('*') != 0)))
        {
            throw new DevConfigException($"{path}: invalid route '{text}' (use '/prefix', 'host', 'host/prefix' or '*.domain/prefix'; no port or query)");
        }

        return new WorkerRoute(host.ToLowerInvariant(), prefix);
    }

    private static string ValidName(string name, string path)
    {
        if (name.Length is 0 or > 63 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new DevConfigException($"{path}: invalid name '{name}' (1..63 characters: letters, digits, '-', '_', '.')");
        }

        return name;
    }

    private static string String(JsonElement value, string path, string field) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
            ? s
            : throw new DevConfigException($"{path}: '{field}' must be a non-empty string");

    private static List<WorkerRoute> ParseRoutes(JsonElement value, string path)
    {
        var items = value.ValueKind == JsonValueKind.String ? [value]
            : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList()
            : throw new DevConfigException($"{path}: 'routes' must be a string or an array of strings");
        if (items.Count == 0)
        {
            throw new DevConfigException($"{path}: 'routes' must not be empty");
        }

        return [.. items.Select(i => ParseRoute(String(i, path, "routes[]"), path))];
    }

    /// <summary>An object of scalar values, or (for <c>kv</c>) an array of names mapped to "".</summary>
    private static Dictionary<string, string> Map(JsonElement root, string field, string path, bool allowList)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty(field, out var value))
        {
            return result;
        }

        if (allowList && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                result[BindingName(String(item, path, $"{field}[]"), field, path)] = "";
            }

            return result;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new DevConfigException($"{path}: '{field}' must be an object{(allowList ? " or an array of binding names" : "")}");
        }

        foreach (var property in value.EnumerateObject())
        {
            var key = BindingName(property.Name, field, path);
            result[key] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when !allowList => property.Value.GetRawText(),
                _ => throw new DevConfigException($"{path}: '{field}.{property.Name}' must be a string{(allowList ? " (the namespace id)" : ", number or boolean")}"),
            };
        }

        return result;
    }

    private static string BindingName(string name, string field, string path) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? name
            : throw new DevConfigException($"{path}: '{field}' has an invalid name '{name}' (letters, digits and '_', not starting with a digit)");

    private static List<EgressRule> ParseEgress(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new DevConfigException($"{path}: 'egress' must be an array of 'host' or 'host:port' strings");
        }

        var rules = new List<EgressRule>();
        foreach (var item in value.EnumerateArray())
        {
            var text = String(item, path, "egress[]");
            try
            {
                rules.Add(EgressRule.Parse(text));
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new DevConfigException($"{path}: invalid egress rule '{text}': {e.Message}");
            }
        }

        return rules;
    }

    private static WorkerLimits ParseLimits(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new DevConfigException($"{path}: 'limits' must be an object");
        }

        var limits = DefaultLimits;
        foreach (var property in value.EnumerateObject())
        {
            var field = $"limits.{property.Name}";
            limits = property.Name switch
            {
                "timeout" => limits with { Timeout = Duration(property.Value, path, field) },
                "memory" => limits with { MemoryBytes = Size(property.Value, path, field) },
                "maxRequestBody" => limits with { MaxRequestBodyBytes = Size(property.Value, path, field) },
                "maxResponseBody" => limits with { MaxResponseBodyBytes = (int)Math.Min(Size(property.Value, path, field), int.MaxValue) },
                "maxConcurrency" => limits with { MaxConcurrency = Count(property.Value, path, field) },
                _ => throw new DevConfigException($"{path}: unknown field '{field}' (known: {string.Join(", ", KnownLimits)})"),
            };
        }

        try
        {
            limits.Validate();
        }
        catch (ArgumentException e)
        {
            throw new DevConfigException($"{path}: invalid limits: {e.Message}");
        }

        return limits;
    }

    private static TimeSpan Duration(JsonElement value, string path, string field)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        return (text is null ? null : CliValueParsers.ParseDuration(text, out _))
            ?? throw new DevConfigException($"{path}: '{field}' must be a duration such as \"5s\" or \"500ms\"");
    }

    private static long Size(JsonElement value, string path, string field)
    {
        long? size = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) && n > 0 => n,
            JsonValueKind.String => CliValueParsers.ParseSize(value.GetString()!, out _),
            _ => null,
        };
        return size ?? throw new DevConfigException($"{path}: '{field}' must be a size such as \"128MiB\" or a positive byte count");
    }

    private static int Count(JsonElement value, string path, string field) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0
            ? n
            : throw new DevConfigException($"{path}: '{field}' must be a positive integer");
}
