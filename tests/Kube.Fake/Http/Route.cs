namespace Wharf.Kube.Fake;

/// <summary>
/// A parsed REST path: <c>/api/v1/...</c> or <c>/apis/{group}/{version}/...</c>, then
/// <c>[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]</c>.
/// </summary>
internal sealed record Route(string Group, string Version, string Plural, string? Namespace, string? Name, string? Subresource)
{
    public static Route? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        string group, version;
        string[] rest;
        if (segments is ["api", var v, .. var r1])
        {
            (group, version, rest) = ("", v, r1);
        }
        else if (segments is ["apis", var g, var v2, .. var r2])
        {
            (group, version, rest) = (g, v2, r2);
        }
        else
        {
            return null;
        }

        string? ns = null;
        var isNamespaceObject = group.Length == 0 && rest is ["namespaces"] or ["namespaces", _] or ["namespaces", _, "status" or "finalize"];
        if (rest is ["namespaces", var n, _, ..] && !isNamespaceObject)
        {
            ns = n;
            rest = rest[2..];
        }

        return rest switch
        {
            [var plural] => new Route(group, version, plural, ns, null, null),
            [var plural, var name] => new Route(group, version, plural, ns, name, null),
            [var plural, var name, var sub] => new Route(group, version, plural, ns, name, sub),
            _ => null,
        };
    }
}
