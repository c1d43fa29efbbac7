using System.Globalization;
using System.Text;

namespace Wharf.Kube.Resources;

/// <summary>Appends escaped query parameters to a path.</summary>
internal sealed class QueryString(string path)
{
    private readonly StringBuilder _sb = new(path);
    private bool _first = true;

    public QueryString Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _sb.Append(_first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        _first = false;
        return this;
    }

    public QueryString Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryString Add(string name, bool value) => value ? Add(name, "true") : this;

    public QueryString AddList(ListOptions? options)
    {
        if (options is null)
        {
            return this;
        }

        if (options.Limit is <= 0)
        {
            throw new ArgumentException("limit must be positive.", nameof(options));
        }

        return Add("labelSelector", NullIfEmpty(options.LabelSelector))
            .Add("fieldSelector", NullIfEmpty(options.FieldSelector))
            .Add("limit", options.Limit)
            .Add("continue", NullIfEmpty(options.Continue))
            .Add("resourceVersion", NullIfEmpty(options.ResourceVersion))
            .Add("timeoutSeconds", options.TimeoutSeconds);
    }

    public override string ToString() => _sb.ToString();

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
