using System.Text;
using System.Text.RegularExpressions;

namespace Wharf.Kube.Resources;

/// <summary>
/// Builds a label selector string (<see href="https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"/>),
/// validating keys and values so a typo fails here instead of on the server.
/// </summary>
public sealed partial class LabelSelector
{
    private readonly List<string> _requirements = [];

    /// <summary>A selector matching every label in <paramref name="labels"/> exactly.</summary>
    public static string FromMatchLabels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var selector = new LabelSelector();
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            selector.Equal(key, value);
        }

        return selector.ToString();
    }

    /// <summary>Requires <c>key=value</c>.</summary>
    public LabelSelector Equal(string key, string value) => Add($"{Key(key)}={Value(value)}");

    /// <summary>Requires <c>key!=value</c> (also matches objects without the label).</summary>
    public LabelSelector NotEqual(string key, string value) => Add($"{Key(key)}!={Value(value)}");

    /// <summary>Requires the label's value to be one of <paramref name="values"/>.</summary>
    public LabelSelector In(string key, params string[] values) => Add($"{Key(key)} in ({Values(values)})");

    /// <summary>Requires the label's value not to be any of <paramref name="values"/>.</summary>
    public LabelSelector NotIn(string key, params string[] values) => Add($"{Key(key)} notin ({Values(values)})");

    /// <summary>Requires the label to exist.</summary>
    public LabelSelector Exists(string key) => Add(Key(key));

    /// <summary>Requires the label to be absent.</summary>
    public LabelSelector DoesNotExist(string key) => Add("!" + Key(key));

    /// <summary>The selector string, requirements joined by commas (logical AND).</summary>
    public override string ToString() => string.Join(',', _requirements);

    private LabelSelector Add(string requirement)
    {
        _requirements.Add(requirement);
        return this;
    }

    private static string Values(string[] values)
    {
        if (values.Length == 0)
        {
            throw new ArgumentException("A set-based requirement needs at least one value.", nameof(values));
        }

        var sb = new StringBuilder();
        foreach (var v in values.Order(StringComparer.Ordinal))
        {
            sb.Append(sb.Length == 0 ? "" : ",").Append(Value(v));
        }

        return sb.ToString();
    }

    /// <summary>Label key: optional DNS-subdomain prefix (≤253) and a name (≤63, alphanumeric ends, <c>-_.</c> inside).</summary>
    internal static string Key(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        var ok = name.Length is > 0 and <= 63 && NamePattern().IsMatch(name);
        if (ok && slash >= 0)
        {
            var prefix = key[..slash];
            ok = prefix.Length is > 0 and <= 253 && PrefixPattern().IsMatch(prefix);
        }

        return ok ? key : throw new ArgumentException($"'{key}' is not a valid label key.", nameof(key));
    }

    /// <summary>Label value: empty, or ≤63 characters with alphanumeric ends and <c>-_.</c> inside.</summary>
    internal static string Value(string value) =>
        value.Length == 0 || (value.Length <= 63 && NamePattern().IsMatch(value))
            ? value
            : throw new ArgumentException($"'{value}' is not a valid label value.", nameof(value));

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex PrefixPattern();
}

/// <summary>Builds a field selector string (only <c>=</c> and <c>!=</c>; which fields work depends on the resource).</summary>
public sealed class FieldSelector
{
    private readonly List<string> _requirements = [];

    /// <summary>Requires <c>field=value</c>.</summary>
    public FieldSelector Equal(string field, string value) => Add(field, "=", value);

    /// <summary>Requires <c>field!=value</c>.</summary>
    public FieldSelector NotEqual(string field, string value) => Add(field, "!=", value);

    /// <summary>The selector string, requirements joined by commas.</summary>
    public override string ToString() => string.Join(',', _requirements);

    private FieldSelector Add(string field, string op, string value)
    {
        if (string.IsNullOrEmpty(field) || field.AsSpan().IndexOfAny("=!, \\") >= 0)
        {
            throw new ArgumentException($"'{field}' is not a valid field path.", nameof(field));
        }

        // Field selector values escape '\', ',' and '=' with a backslash (k8s.io/apimachinery/pkg/fields).
        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("=", "\\=", StringComparison.Ordinal);
        _requirements.Add(field + op + escaped);
        return this;
    }
}
