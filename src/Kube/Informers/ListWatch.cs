using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Wharf.Kube.Resources;

namespace Wharf.Kube.Informers;

/// <summary>The query of one list or watch call.</summary>
public sealed record ListRequest
{
    /// <summary>Label selector, e.g. <c>app=web</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector, e.g. <c>metadata.name=wharf-runtime</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size of a list call.</summary>
    public int? Limit { get; init; }

    /// <summary>Continue token of the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>For a watch: the version to resume after; for a list: the snapshot to read.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>True for a watch call.</summary>
    public bool Watch { get; init; }

    /// <summary>Server-side timeout of a watch call.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Ask for BOOKMARK events (watch only).</summary>
    public bool? AllowWatchBookmarks => Watch ? true : null;
}

/// <summary>One page of a list call.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The objects.</param>
/// <param name="ResourceVersion">The snapshot the page belongs to.</param>
/// <param name="Continue">Token for the next page, or null on the last one.</param>
public sealed record ListPage<T>(IList<T> Items, string? ResourceVersion, string? Continue);

/// <summary>
/// How an <see cref="Informer{T}"/> lists and watches one resource through the package: a list call of
/// <see cref="IKubernetes"/> (e.g. <c>CoreV1.ListConfigMapForAllNamespacesWithHttpMessagesAsync</c>) and the
/// matching watch call (<c>CoreV1.WatchListConfigMapForAllNamespacesAsync</c>), both taking
/// <see cref="ListRequest"/>'s fields. The package decodes the watch stream and reports ERROR events (a Status)
/// through its error callback. Build one with <see cref="Create{TList, TEvent}"/> or <see cref="ListWatches"/>.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class ListWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Func<ListRequest, CancellationToken, Task<ListPage<T>>> _list;
    private readonly Func<ListRequest, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, object? Object)>> _watch;

    private ListWatch(
        string resource,
        Func<ListRequest, CancellationToken, Task<ListPage<T>>> list,
        Func<ListRequest, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, object?)>> watch)
    {
        Resource = resource;
        _list = list;
        _watch = watch;
    }

    /// <summary>Name of the resource for logs, e.g. <c>configmaps</c>.</summary>
    public string Resource { get; }

    /// <summary>
    /// Wraps one of the package's list calls and its watch call. Both must pass every field of the
    /// <see cref="ListRequest"/> on (selectors, limit, continue, resourceVersion, timeoutSeconds, allowWatchBookmarks).
    /// </summary>
    /// <typeparam name="TList">The list type (<c>V1ConfigMapList</c>, <see cref="CustomResourceList{T}"/>).</typeparam>
    /// <typeparam name="TEvent">
    /// The watch's object type: <typeparamref name="T"/>, or <see cref="object"/> for custom objects, whose
    /// events the package leaves as <see cref="JsonElement"/> (decoded by the informer).
    /// </typeparam>
    public static ListWatch<T> Create<TList, TEvent>(
        string resource,
        Func<ListRequest, CancellationToken, Task<HttpOperationResponse<TList>>> list,
        Func<ListRequest, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, TEvent)>> watch)
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(watch);
        return new ListWatch<T>(
            resource,
            async (request, ct) =>
            {
                using var response = await list(request, ct).ConfigureAwait(false);
                var body = response.Body;
                return new ListPage<T>(body?.Items ?? [], body?.Metadata?.ResourceVersion, NullIfEmpty(body?.Metadata?.ContinueProperty));
            },
            (request, onError, ct) => Box(watch(request with { Watch = true }, onError, ct), ct));
    }

    internal Task<ListPage<T>> ListAsync(ListRequest request, CancellationToken cancellationToken) => _list(request, cancellationToken);

    internal IAsyncEnumerable<(WatchEventType Type, object? Object)> WatchAsync(ListRequest request, Action<Exception> onError, CancellationToken cancellationToken) =>
        _watch(request, onError, cancellationToken);

    private static async IAsyncEnumerable<(WatchEventType, object?)> Box<TEvent>(
        IAsyncEnumerable<(WatchEventType, TEvent)> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, obj) in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return (type, obj);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
