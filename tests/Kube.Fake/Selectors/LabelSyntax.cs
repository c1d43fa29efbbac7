using System.Text.RegularExpressions;

namespace Wharf.Kube.Fake;

/// <summary>Syntax of names, label keys and label values (apimachinery validation).</summary>
internal static partial class LabelSyntax
{
    public static bool IsValue(string value) => value.Length <= 63 && (value.Length == 0 || LabelValueRegex().IsMatch(value));

    public static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0 && !IsDnsSubdomain(key[..slash]))
        {
            return false;
        }

        return name.Length is > 0 and <= 63 && LabelValueRegex().IsMatch(name);
    }

    public static bool IsDnsSubdomain(string name) => name.Length is > 0 and <= 253 && SubdomainRegex().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainRegex();
}
