using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Wharf.Kube.Fake;

/// <summary>Identity of a stored object.</summary>
internal readonly record struct ObjectKey(FakeResource Resource, string Namespace, string Name);

/// <summary>A change recorded in the watch history; <see cref="Object"/> is an immutable snapshot.</summary>
internal sealed record StoreEvent(long Revision, string Type, FakeResource Resource, string Namespace, JsonObject Object, JsonObject? Previous);

/// <summary>One event line of a watch stream.</summary>
internal sealed record WatchMessage(string Type, JsonObject Object);

/// <summary>Options of a delete request (<c>DeleteOptions</c>).</summary>
internal sealed record DeleteRequest(string? PropagationPolicy, string? PreconditionUid, string? PreconditionResourceVersion);

/// <summary>An open watch: a filter plus the queue of events not yet written to the connection.</summary>
internal sealed class Watcher
{
    public required FakeResource Resource { get; init; }

    public required string? Namespace { get; init; }

    public required LabelSelector Labels { get; init; }

    public required FieldSelector Fields { get; init; }

    public Channel<WatchMessage> Queue { get; } = Channel.CreateUnbounded<WatchMessage>();

    /// <summary>Cancelled when a test drops the connection.</summary>
    public CancellationTokenSource Dropped { get; } = new();

    /// <summary>Whether a drop resets the connection instead of ending the stream cleanly.</summary>
    public bool AbortOnDrop { get; set; }

    public bool Matches(JsonObject obj) => Labels.Matches(obj) && Fields.Matches(obj);

    /// <summary>Translates a store event into what this watcher sees, honouring selector transitions.</summary>
    public void Deliver(StoreEvent e)
    {
        if (e.Resource != Resource || (Namespace is not null && e.Namespace != Namespace))
        {
            return;
        }

        var now = Matches(e.Object);
        var before = e.Previous is not null && Matches(e.Previous);
        var type = e.Type switch
        {
            "DELETED" => now ? "DELETED" : null,
            "ADDED" => now ? "ADDED" : null,
            _ => (now, before) switch
            {
                (true, true) => "MODIFIED",
                (true, false) => "ADDED",
                (false, true) => "DELETED",
                _ => null,
            },
        };
        if (type is not null)
        {
            Queue.Writer.TryWrite(new WatchMessage(type, e.Object));
        }
    }
}
