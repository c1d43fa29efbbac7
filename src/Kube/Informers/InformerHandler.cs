namespace Wharf.Kube.Informers;

/// <summary>
/// Callbacks of an <see cref="Informer{T}"/>. They run one at a time on the informer's loop, in event order,
/// so keep them short (typically: enqueue the object's key on a <see cref="Queue.WorkQueue{T}"/>).
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed record InformerHandler<T>
    where T : class
{
    /// <summary>An object appeared in the cache.</summary>
    public Action<T>? OnAdd { get; init; }

    /// <summary>A cached object changed: (old, new).</summary>
    public Action<T, T>? OnUpdate { get; init; }

    /// <summary>An object left the cache; the argument is its last known state.</summary>
    public Action<T>? OnDelete { get; init; }
}
