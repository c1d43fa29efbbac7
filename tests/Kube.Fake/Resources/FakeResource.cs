namespace Wharf.Kube.Fake;

/// <summary>
/// A resource type served by the fake API server.
/// </summary>
/// <param name="Group">API group; empty for the core group.</param>
/// <param name="Version">API version, e.g. <c>v1</c>.</param>
/// <param name="Plural">Plural resource name used in URLs, e.g. <c>configmaps</c>.</param>
/// <param name="Kind">Kind of the objects, e.g. <c>ConfigMap</c>.</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
/// <param name="HasStatus">Whether the type has a <c>/status</c> subresource.</param>
public sealed record FakeResource(string Group, string Version, string Plural, string Kind, bool Namespaced, bool HasStatus)
{
    /// <summary>
    /// Whether <c>metadata.generation</c> is maintained (true for custom resources and workload types).
    /// </summary>
    public bool TracksGeneration { get; init; }

    /// <summary>
    /// Whether an update must carry <c>metadata.resourceVersion</c> (custom resources); built-in types allow
    /// unconditional updates.
    /// </summary>
    public bool RequiresResourceVersionOnUpdate { get; init; }

    /// <summary>The <c>openAPIV3Schema</c> objects are validated against, when known (custom resources).</summary>
    internal System.Text.Json.Nodes.JsonObject? Schema { get; init; }

    /// <summary>Singular name for discovery and <c>kubectl</c> (e.g. <c>worker</c>); lower-case kind when empty.</summary>
    public string Singular { get => field ?? Kind.ToLowerInvariant(); init; }

    /// <summary>Short names announced by discovery, e.g. <c>cm</c> for configmaps.</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Categories announced by discovery, e.g. <c>all</c>.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>
    /// Columns of server-side Table output (a CRD's <c>additionalPrinterColumns</c>); null gives the default
    /// <c>Name</c> and <c>Age</c> columns.
    /// </summary>
    internal IReadOnlyList<PrinterColumn>? PrinterColumns { get; init; }

    /// <summary>Whether this is a custom resource (served from a CRD) rather than a built-in type.</summary>
    internal bool IsCustom { get; init; }

    /// <summary>The verbs discovery announces.</summary>
    internal IReadOnlyList<string> Verbs =>
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary><c>group/version</c>, or <c>version</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary><c>plural.group</c> as used in error messages, e.g. <c>workers.wharf.dev</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary><c>Kind.group</c> as used in validation messages, e.g. <c>Worker.wharf.dev</c>.</summary>
    internal string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}
