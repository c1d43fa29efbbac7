using Microsoft.Extensions.Logging;
using Wharf.Kube.Http;
using Wharf.Kube.Models;
using Wharf.Kube.Resources;
using Wharf.Kube.Watch;

namespace Wharf.Kube.Informers;

/// <summary>
/// A list+watch cache of one resource (client-go's shared informer, simplified): lists, then watches from the
/// list's resourceVersion, keeps every object by <c>namespace/name</c>, and calls handlers on add/update/delete.
/// When the watch has to relist (410 Gone), objects that vanished meanwhile are reported as deletes.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class Informer<T>
    where T : class, IKubernetesObject
{
    private readonly ResourceClient<T> _client;
    private readonly string? _namespace;
    private readonly ListOptions? _options;
    private readonly ObjectStore<T> _store = new();
    private readonly List<InformerHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;

    /// <summary>Serializes cache updates with their notifications, so a late handler's replay cannot interleave.</summary>
    private readonly Lock _dispatch = new();
    private int _running;

    /// <summary>Creates an informer; nothing happens until <see cref="RunAsync"/>.</summary>
    /// <param name="client">The resource to watch.</param>
    /// <param name="namespace">One namespace, or null for all namespaces (and for cluster-scoped resources).</param>
    /// <param name="options">Label/field selectors restricting the cached objects.</param>
    public Informer(ResourceClient<T> client, string? @namespace = null, ListOptions? options = null)
    {
        _client = client;
        _namespace = @namespace;
        _options = options is null ? null : new ListOptions { LabelSelector = options.LabelSelector, FieldSelector = options.FieldSelector };
        _logger = client.Client.LoggerFactory.CreateLogger("Wharf.Kube.Informer");
    }

    /// <summary>True once the initial list has been loaded into the cache and handlers were told about it.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the cache reflects.</summary>
    public string? LastSyncResourceVersion { get; private set; }

    /// <summary>
    /// Registers handlers. A handler added after the cache is populated first gets an add for every cached object
    /// (as in client-go), so it never misses state.
    /// </summary>
    public void AddHandler(InformerHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_dispatch)
        {
            lock (_handlers)
            {
                _handlers.Add(handler);
            }

            foreach (var obj in _store.List(null))
            {
                Invoke(handler, h => h.OnAdd?.Invoke(obj));
            }
        }
    }

    /// <summary>Completes when the informer has synced; cancellable.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>The cached object, or null.</summary>
    public T? Get(string name, string? @namespace = null) => _store.Get(ObjectStore<T>.KeyOf(@namespace, name));

    /// <summary>The cached object by key (<c>namespace/name</c> or <c>name</c>), or null.</summary>
    public T? GetByKey(string key) => _store.Get(key);

    /// <summary>All cached objects, or those of one namespace.</summary>
    public IReadOnlyList<T> List(string? @namespace = null) => _store.List(@namespace);

    /// <summary>The cache key of an object: <c>namespace/name</c>, or <c>name</c> when cluster-scoped.</summary>
    public static string KeyOf(T obj) => ObjectStore<T>.KeyOf(obj);

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> fires; then returns. Can run once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("The informer is already running.");
        }

        try
        {
            var initial = await ListWithRetryAsync(cancellationToken).ConfigureAwait(false);
            lock (_dispatch)
            {
                ReplaceLocked(initial.Items, initial.Metadata.ResourceVersion);
            }

            _synced.TrySetResult();

            await foreach (var ev in _client.WatchAsync(_namespace, _options, initial.Metadata.ResourceVersion, cancellationToken).ConfigureAwait(false))
            {
                Apply(ev);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    internal void Apply(WatchEvent<T> ev)
    {
        lock (_dispatch)
        {
            ApplyLocked(ev);
        }
    }

    private void ApplyLocked(WatchEvent<T> ev)
    {
        switch (ev.Type)
        {
            case WatchEventType.Added:
            case WatchEventType.Modified:
                var old = _store.Upsert(ev.Object!);
                if (old is null)
                {
                    Notify(h => h.OnAdd?.Invoke(ev.Object!));
                }
                else
                {
                    Notify(h => h.OnUpdate?.Invoke(old, ev.Object!));
                }

                break;
            case WatchEventType.Deleted:
                var removed = _store.Remove(KeyOf(ev.Object!));

                // Report the last state the server sent; fall back to it even if the cache never saw the object.
                Notify(h => h.OnDelete?.Invoke(ev.Object ?? removed!));
                break;
            case WatchEventType.Relist:
                ReplaceLocked(ev.Items!, ev.ResourceVersion);
                return;
            case WatchEventType.Bookmark:
            case WatchEventType.Error:
                break;
        }

        if (ev.ResourceVersion is not null)
        {
            LastSyncResourceVersion = ev.ResourceVersion;
        }
    }

    /// <summary>Makes the cache equal to <paramref name="items"/>: unseen objects are deletes, new ones adds, changed ones updates.</summary>
    private void ReplaceLocked(IEnumerable<T> items, string? resourceVersion)
    {
        var fresh = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            fresh[KeyOf(item)] = item;
        }

        foreach (var key in _store.Keys())
        {
            if (!fresh.ContainsKey(key) && _store.Remove(key) is { } gone)
            {
                Notify(h => h.OnDelete?.Invoke(gone));
            }
        }

        foreach (var item in fresh.Values)
        {
            var old = _store.Upsert(item);
            if (old is null)
            {
                Notify(h => h.OnAdd?.Invoke(item));
            }
            else if (old.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
            {
                Notify(h => h.OnUpdate?.Invoke(old, item));
            }
        }

        LastSyncResourceVersion = resourceVersion;
    }

    private void Notify(Action<InformerHandler<T>> call)
    {
        InformerHandler<T>[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            Invoke(handler, call);
        }
    }

    private void Invoke(InformerHandler<T> handler, Action<InformerHandler<T>> call)
    {
        try
        {
            call(handler);
        }
        catch (Exception ex)
        {
            // One faulty handler must not stop the cache from tracking the server.
            Log.InformerHandlerFailed(_logger, _client.Descriptor.Plural, ex);
        }
    }

    private async Task<KubernetesList<T>> ListWithRetryAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(_client.Client.Options.WatchBackoffInitial, _client.Client.Options.WatchBackoffMax);
        while (true)
        {
            try
            {
                return await _client.ListAllAsync(_namespace, _options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or KubernetesApiException or TimeoutException)
            {
                var delay = backoff.Next();
                Log.InformerListFailed(_logger, _client.Descriptor.Plural, delay, ex);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
