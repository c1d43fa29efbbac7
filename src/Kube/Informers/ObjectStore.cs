using k8s;
using k8s.Models;

namespace Wharf.Kube.Informers;

/// <summary>Thread-safe cache keyed by <c>namespace/name</c> (or <c>name</c>), with a by-namespace index.</summary>
internal sealed class ObjectStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>The key client-go's MetaNamespaceKeyFunc produces: <c>namespace/name</c>, or <c>name</c> when cluster-scoped.</summary>
    public static string KeyOf(T obj) => KeyOf(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "");

    public static string KeyOf(string? @namespace, string name) => string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public T? Get(string key)
    {
        lock (_gate)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public List<T> List(string? @namespace)
    {
        lock (_gate)
        {
            if (@namespace is null)
            {
                return [.. _items.Values];
            }

            return _byNamespace.TryGetValue(@namespace, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    /// <summary>Stores <paramref name="obj"/> and returns the object it replaced, if any.</summary>
    public T? Upsert(T obj)
    {
        var key = KeyOf(obj);
        lock (_gate)
        {
            _items.TryGetValue(key, out var old);
            _items[key] = obj;
            var ns = obj.Metadata?.NamespaceProperty ?? "";
            if (!_byNamespace.TryGetValue(ns, out var set))
            {
                _byNamespace[ns] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(key);
            return old;
        }
    }

    /// <summary>Removes the object with <paramref name="key"/> and returns it, if it was cached.</summary>
    public T? Remove(string key)
    {
        lock (_gate)
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }

            var ns = old.Metadata?.NamespaceProperty ?? "";
            if (_byNamespace.TryGetValue(ns, out var set) && set.Remove(key) && set.Count == 0)
            {
                _byNamespace.Remove(ns);
            }

            return old;
        }
    }

    public List<string> Keys()
    {
        lock (_gate)
        {
            return [.. _items.Keys];
        }
    }
}
