using k8s;
using k8s.Models;
using Wharf.Kube.Resources;

namespace Wharf.Kube.Informers;

/// <summary>
/// <see cref="ListWatch{T}"/>s for custom resources and the built-in resources Wharf watches. For any other
/// built-in, pass its generated list call to <see cref="ListWatch{T}.Create{TList, TEvent}"/> the same way.
/// A null namespace lists and watches all namespaces.
/// </summary>
public static class ListWatches
{
    /// <summary>A custom resource through the package's generic custom-object calls.</summary>
    public static ListWatch<T> Custom<T>(IKubernetes kube, ResourceDescriptor resource, string? @namespace = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(kube);
        ArgumentNullException.ThrowIfNull(resource);
        var (group, version, plural) = (resource.Group, resource.Version, resource.Plural);
        return ListWatch<T>.Create(
            plural,
            (r, ct) => @namespace is null
                ? kube.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<CustomResourceList<T>>(
                    group, version, plural, continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit,
                    resourceVersion: r.ResourceVersion, cancellationToken: ct)
                : kube.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<CustomResourceList<T>>(
                    group, version, @namespace, plural, continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                    limit: r.Limit, resourceVersion: r.ResourceVersion, cancellationToken: ct),
            (r, onError, ct) => @namespace is null
                ? kube.CustomObjects.WatchListClusterCustomObjectAsync(
                    group, version, plural, allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                    resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct)
                : kube.CustomObjects.WatchListNamespacedCustomObjectAsync(
                    group, version, @namespace, plural, allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector,
                    labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));
    }

    /// <summary>core/v1 ConfigMaps.</summary>
    public static ListWatch<V1ConfigMap> ConfigMaps(IKubernetes kube, string? @namespace = null) => ListWatch<V1ConfigMap>.Create(
        V1ConfigMap.KubePluralName,
        (r, ct) => @namespace is null
            ? kube.CoreV1.ListConfigMapForAllNamespacesWithHttpMessagesAsync(
                continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion,
                cancellationToken: ct)
            : kube.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(
                @namespace, continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, cancellationToken: ct),
        (r, onError, ct) => @namespace is null
            ? kube.CoreV1.WatchListConfigMapForAllNamespacesAsync(
                allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
                timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct)
            : kube.CoreV1.WatchListNamespacedConfigMapAsync(
                @namespace, allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));

    /// <summary>core/v1 Secrets.</summary>
    public static ListWatch<V1Secret> Secrets(IKubernetes kube, string? @namespace = null) => ListWatch<V1Secret>.Create(
        V1Secret.KubePluralName,
        (r, ct) => @namespace is null
            ? kube.CoreV1.ListSecretForAllNamespacesWithHttpMessagesAsync(
                continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion,
                cancellationToken: ct)
            : kube.CoreV1.ListNamespacedSecretWithHttpMessagesAsync(
                @namespace, continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, cancellationToken: ct),
        (r, onError, ct) => @namespace is null
            ? kube.CoreV1.WatchListSecretForAllNamespacesAsync(
                allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
                timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct)
            : kube.CoreV1.WatchListNamespacedSecretAsync(
                @namespace, allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));

    /// <summary>core/v1 Services.</summary>
    public static ListWatch<V1Service> Services(IKubernetes kube, string? @namespace = null) => ListWatch<V1Service>.Create(
        V1Service.KubePluralName,
        (r, ct) => @namespace is null
            ? kube.CoreV1.ListServiceForAllNamespacesWithHttpMessagesAsync(
                continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion,
                cancellationToken: ct)
            : kube.CoreV1.ListNamespacedServiceWithHttpMessagesAsync(
                @namespace, continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, cancellationToken: ct),
        (r, onError, ct) => @namespace is null
            ? kube.CoreV1.WatchListServiceForAllNamespacesAsync(
                allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
                timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct)
            : kube.CoreV1.WatchListNamespacedServiceAsync(
                @namespace, allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));

    /// <summary>apps/v1 DaemonSets.</summary>
    public static ListWatch<V1DaemonSet> DaemonSets(IKubernetes kube, string? @namespace = null) => ListWatch<V1DaemonSet>.Create(
        V1DaemonSet.KubePluralName,
        (r, ct) => @namespace is null
            ? kube.AppsV1.ListDaemonSetForAllNamespacesWithHttpMessagesAsync(
                continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion,
                cancellationToken: ct)
            : kube.AppsV1.ListNamespacedDaemonSetWithHttpMessagesAsync(
                @namespace, continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, cancellationToken: ct),
        (r, onError, ct) => @namespace is null
            ? kube.AppsV1.WatchListDaemonSetForAllNamespacesAsync(
                allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
                timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct)
            : kube.AppsV1.WatchListNamespacedDaemonSetAsync(
                @namespace, allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));

    /// <summary>discovery.k8s.io/v1 EndpointSlices.</summary>
    public static ListWatch<V1EndpointSlice> EndpointSlices(IKubernetes kube, string? @namespace = null) => ListWatch<V1EndpointSlice>.Create(
        V1EndpointSlice.KubePluralName,
        (r, ct) => @namespace is null
            ? kube.DiscoveryV1.ListEndpointSliceForAllNamespacesWithHttpMessagesAsync(
                continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion,
                cancellationToken: ct)
            : kube.DiscoveryV1.ListNamespacedEndpointSliceWithHttpMessagesAsync(
                @namespace, continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit,
                resourceVersion: r.ResourceVersion, cancellationToken: ct),
        (r, onError, ct) => @namespace is null
            ? kube.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(
                allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
                timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct)
            : kube.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(
                @namespace, allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));
}
