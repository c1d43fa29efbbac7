using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Kube.Watch;

namespace Wharf.Kube.Informers;

/// <summary>
/// A list+watch cache of one resource (client-go's shared informer, simplified) on top of the package's list and
/// watch calls: it lists (paginated), then watches from the list's resourceVersion with bookmarks, keeps every
/// object by <c>namespace/name</c>, and calls handlers on add/update/delete. Dropped watches resume from the last
/// seen resourceVersion (jittered exponential backoff, reset by progress); when that version has expired (410 Gone)
/// it relists and reports objects that vanished meanwhile as deletes. Optional resync re-announces the cache.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed partial class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ListWatch<T> _source;
    private readonly InformerOptions _options;
    private readonly ObjectStore<T> _store = new();
    private readonly List<InformerHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;

    /// <summary>Serializes cache updates with their notifications, so a late handler's replay cannot interleave.</summary>
    private readonly Lock _dispatch = new();
    private int _running;

    /// <summary>Creates an informer; nothing happens until <see cref="RunAsync"/>.</summary>
    /// <param name="source">How to list and watch the resource (see <see cref="ListWatches"/>).</param>
    /// <param name="options">Selectors, timeouts, backoff and resync; defaults when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <exception cref="ArgumentException">Lists every problem with <paramref name="options"/>.</exception>
    public Informer(ListWatch<T> source, InformerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new InformerOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid informer options: " + string.Join(" ", errors), nameof(options));
        }

        _source = source;
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Wharf.Kube.Informer");
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

        var resync = _options.ResyncPeriod is { } period ? ResyncLoopAsync(period, cancellationToken) : Task.CompletedTask;
        try
        {
            await ReflectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }

        await resync.ConfigureAwait(false);
    }

    /// <summary>Applies one decoded change under the dispatch lock (the watch loop and tests call it).</summary>
    internal void Apply(WatchEventType type, T obj)
    {
        lock (_dispatch)
        {
            switch (type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    var old = _store.Upsert(obj);
                    if (old is null)
                    {
                        Notify(h => h.OnAdd?.Invoke(obj));
                    }
                    else
                    {
                        Notify(h => h.OnUpdate?.Invoke(old, obj));
                    }

                    break;
                case WatchEventType.Deleted:
                    _store.Remove(KeyOf(obj));

                    // Report the last state the server sent, even if the cache never saw the object.
                    Notify(h => h.OnDelete?.Invoke(obj));
                    break;
            }

            if (obj.Metadata?.ResourceVersion is { Length: > 0 } rv)
            {
                LastSyncResourceVersion = rv;
            }
        }
    }

    /// <summary>Makes the cache equal to <paramref name="items"/>: unseen objects are deletes, new ones adds, changed ones updates.</summary>
    internal void Replace(IEnumerable<T> items, string? resourceVersion)
    {
        lock (_dispatch)
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
                else if (old.Metadata?.ResourceVersion != item.Metadata?.ResourceVersion)
                {
                    Notify(h => h.OnUpdate?.Invoke(old, item));
                }
            }

            LastSyncResourceVersion = resourceVersion;
        }
    }

    private async Task ResyncLoopAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_dispatch)
                {
                    foreach (var obj in _store.List(null))
                    {
                        Notify(h => h.OnUpdate?.Invoke(obj, obj));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
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
            Log.HandlerFailed(_logger, _source.Resource, ex);
        }
    }

    /// <summary>Decodes a watch event's object; null (logged) when it does not fit <typeparamref name="T"/>.</summary>
    private T? Decode(WatchEventType type, object? value)
    {
        if (value is T typed)
        {
            return typed;
        }

        try
        {
            return value is JsonElement element ? KubernetesJson.Deserialize<T>(element) : throw new JsonException($"no object (got {value?.GetType().Name ?? "null"})");
        }
        catch (JsonException ex)
        {
            Log.UndecodableEvent(_logger, _source.Resource, type.ToString(), ex);
            return null;
        }
    }

    private static string? BookmarkVersion(object? value) => value switch
    {
        T typed => typed.Metadata?.ResourceVersion,
        JsonElement element => VersionOf(element),
        _ => null,
    };

    private static string? VersionOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object &&
        meta.TryGetProperty("resourceVersion", out var rv) && rv.ValueKind == JsonValueKind.String
            ? rv.GetString()
            : null;

    private Backoff NewBackoff() => new(_options.BackoffInitial, _options.BackoffMax);
}
