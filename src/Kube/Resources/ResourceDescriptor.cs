namespace Wharf.Kube.Resources;

/// <summary>
/// Names a REST resource: its API group/version, plural path segment, kind, and whether it is namespaced
/// (<see href="https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris"/>). The package's
/// custom-object calls take these names one by one; built-in models carry them as <c>KubeGroup</c>,
/// <c>KubeApiVersion</c>, <c>KubeKind</c> and <c>KubePluralName</c> constants.
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
}
