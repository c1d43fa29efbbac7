using Wharf.Kube.Resources;

namespace Wharf.Api;

/// <summary>The <c>wharf.dev/v1alpha1</c> API group and its resources.</summary>
public static class WharfApi
{
    /// <summary>API group of every Wharf custom resource.</summary>
    public const string Group = "wharf.dev";

    /// <summary>The served and stored version.</summary>
    public const string Version = "v1alpha1";

    /// <summary><c>apiVersion</c> of Wharf objects.</summary>
    public const string ApiVersion = Group + "/" + Version;

    /// <summary>The <c>workers</c> resource.</summary>
    public static ResourceDescriptor Workers { get; } = new(Group, Version, "workers", "Worker", true);

    /// <summary>The <c>kvnamespaces</c> resource.</summary>
    public static ResourceDescriptor KvNamespaces { get; } = new(Group, Version, "kvnamespaces", "KvNamespace", true);

    /// <summary>The <c>workerquotas</c> resource.</summary>
    public static ResourceDescriptor WorkerQuotas { get; } = new(Group, Version, "workerquotas", "WorkerQuota", true);
}
