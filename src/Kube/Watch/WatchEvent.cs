using Wharf.Kube.Models;

namespace Wharf.Kube.Watch;

/// <summary>Kind of a watch event.</summary>
public enum WatchEventType
{
    /// <summary>An object was created (or existed when a watch without resourceVersion started).</summary>
    Added,

    /// <summary>An object changed.</summary>
    Modified,

    /// <summary>An object was deleted; <see cref="WatchEvent{T}.Object"/> is its last state.</summary>
    Deleted,

    /// <summary>Progress marker: only <see cref="WatchEvent{T}.ResourceVersion"/> is meaningful.</summary>
    Bookmark,

    /// <summary>The server sent an error event (<see cref="WatchEvent{T}.Status"/>); the watch reconnects.</summary>
    Error,

    /// <summary>
    /// The resumed resourceVersion expired (410 Gone), so the client relisted: <see cref="WatchEvent{T}.Items"/>
    /// is the complete current state. Objects missing from it were deleted while the watch was down.
    /// </summary>
    Relist,
}

/// <summary>One event of a watch stream.</summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class WatchEvent<T>
    where T : class
{
    internal WatchEvent(WatchEventType type, string? resourceVersion, T? obj = null, Status? status = null, IReadOnlyList<T>? items = null)
    {
        Type = type;
        ResourceVersion = resourceVersion;
        Object = obj;
        Status = status;
        Items = items;
    }

    /// <summary>The event kind.</summary>
    public WatchEventType Type { get; }

    /// <summary>The resourceVersion the watch resumes from after this event.</summary>
    public string? ResourceVersion { get; }

    /// <summary>The object for Added/Modified/Deleted (and the bookmark object for Bookmark).</summary>
    public T? Object { get; }

    /// <summary>The server's status for Error events.</summary>
    public Status? Status { get; }

    /// <summary>The full list for Relist events.</summary>
    public IReadOnlyList<T>? Items { get; }
}
