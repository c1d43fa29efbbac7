using System.Text;

namespace Wharf.Kube.Resources;

/// <summary>
/// Identifies a REST resource: its API group/version, plural path segment, kind, and whether it is namespaced.
/// Drives every URL the client builds (<see href="https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris"/>).
/// </summary>
/// <param name="Group">API group; empty for the core (legacy) group.</param>
/// <param name="Version">API version, e.g. <c>v1</c>.</param>
/// <param name="Plural">Lower-case plural resource name used in URLs, e.g. <c>configmaps</c>.</param>
/// <param name="Kind">Object kind, e.g. <c>ConfigMap</c>.</param>
/// <param name="Namespaced">True for namespaced resources.</param>
public sealed record ResourceDescriptor(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>The <c>apiVersion</c> of objects of this resource.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>core/v1 Namespace.</summary>
    public static ResourceDescriptor Namespaces { get; } = new("", "v1", "namespaces", "Namespace", false);

    /// <summary>core/v1 ConfigMap.</summary>
    public static ResourceDescriptor ConfigMaps { get; } = new("", "v1", "configmaps", "ConfigMap", true);

    /// <summary>core/v1 Secret.</summary>
    public static ResourceDescriptor Secrets { get; } = new("", "v1", "secrets", "Secret", true);

    /// <summary>core/v1 Service.</summary>
    public static ResourceDescriptor Services { get; } = new("", "v1", "services", "Service", true);

    /// <summary>apps/v1 DaemonSet.</summary>
    public static ResourceDescriptor DaemonSets { get; } = new("apps", "v1", "daemonsets", "DaemonSet", true);

    /// <summary>discovery.k8s.io/v1 EndpointSlice.</summary>
    public static ResourceDescriptor EndpointSlices { get; } = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true);

    /// <summary>coordination.k8s.io/v1 Lease.</summary>
    public static ResourceDescriptor Leases { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", true);

    /// <summary>events.k8s.io/v1 Event.</summary>
    public static ResourceDescriptor Events { get; } = new("events.k8s.io", "v1", "events", "Event", true);

    /// <summary>
    /// Builds the path of a collection (<paramref name="name"/> null) or an object, optionally a subresource.
    /// </summary>
    internal string BuildPath(string? @namespace, string? name = null, string? subresource = null)
    {
        ValidateDescriptor();
        var sb = new StringBuilder(Group.Length == 0 ? "/api/" : $"/apis/{Segment(Group, "group")}/");
        sb.Append(Segment(Version, "version"));
        if (Namespaced && @namespace is not null)
        {
            sb.Append("/namespaces/").Append(Segment(@namespace, "namespace"));
        }
        else if (!Namespaced && @namespace is not null)
        {
            throw new ArgumentException($"{Kind} is cluster-scoped; no namespace may be given.", nameof(@namespace));
        }

        sb.Append('/').Append(Segment(Plural, "plural"));
        if (name is not null)
        {
            sb.Append('/').Append(Segment(name, "name"));
        }

        if (subresource is not null)
        {
            if (name is null)
            {
                throw new ArgumentException("A subresource needs an object name.", nameof(subresource));
            }

            sb.Append('/').Append(Segment(subresource, "subresource"));
        }

        return sb.ToString();
    }

    private void ValidateDescriptor()
    {
        if (string.IsNullOrEmpty(Version) || string.IsNullOrEmpty(Plural) || string.IsNullOrEmpty(Kind))
        {
            throw new InvalidOperationException($"Resource descriptor {this} needs a version, plural and kind.");
        }
    }

    /// <summary>Rejects values that would change the URL's shape (the server rejects such names anyway).</summary>
    private static string Segment(string value, string what)
    {
        if (value.Length == 0 || value is "." or ".." || value.Contains('/', StringComparison.Ordinal) || value.Contains('%', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{value}' is not a valid {what} for a URL path segment.", what);
        }

        return Uri.EscapeDataString(value);
    }
}
