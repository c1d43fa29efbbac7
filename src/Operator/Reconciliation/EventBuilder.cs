using k8s;
using k8s.Models;

namespace Wharf.Operator.Reconciliation;

/// <summary>Builds events.k8s.io/v1 Events about Wharf objects.</summary>
internal static class EventBuilder
{
    /// <summary>Reporting controller name written into every Event.</summary>
    public const string Controller = "wharf.dev/operator";

    /// <summary>
    /// An Event about <paramref name="regarding"/> in its namespace. The name is unique per call (object name plus
    /// a time-based suffix), as client-go's recorder does.
    /// </summary>
    public static Eventsv1Event BuildEvent(
        IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string action, string note, string instance, DateTimeOffset now) => new()
    {
        ApiVersion = Eventsv1Event.KubeGroup + "/" + Eventsv1Event.KubeApiVersion,
        Kind = Eventsv1Event.KubeKind,
        Metadata = new V1ObjectMeta
        {
            Name = $"{regarding.Metadata.Name}.{now.UtcTicks:x}{Random.Shared.Next(0x1000):x3}",
            NamespaceProperty = regarding.Metadata.NamespaceProperty,
        },
        EventTime = now.UtcDateTime,
        Type = type,
        Reason = reason,
        Action = action,
        Note = note.Length <= 1024 ? note : note[..1021] + "...",
        Regarding = new V1ObjectReference
        {
            ApiVersion = regarding.ApiVersion,
            Kind = regarding.Kind,
            NamespaceProperty = regarding.Metadata.NamespaceProperty,
            Name = regarding.Metadata.Name,
            Uid = regarding.Metadata.Uid,
            ResourceVersion = regarding.Metadata.ResourceVersion,
        },
        ReportingController = Controller,
        ReportingInstance = instance,
    };
}
