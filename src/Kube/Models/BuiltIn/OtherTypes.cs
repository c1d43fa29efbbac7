using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>discovery.k8s.io/v1 EndpointSlice: a subset of a service's endpoints.</summary>
public sealed class EndpointSlice : IKubernetesObject
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "discovery.k8s.io/v1";

    /// <inheritdoc />
    public string Kind { get; set; } = "EndpointSlice";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary><c>IPv4</c>, <c>IPv6</c> or <c>FQDN</c>.</summary>
    public string AddressType { get; set; } = "IPv4";

    /// <summary>The endpoints.</summary>
    public IList<Endpoint> Endpoints { get; set; } = [];

    /// <summary>Ports served by every endpoint.</summary>
    public IList<EndpointPort>? Ports { get; set; }
}

/// <summary>One endpoint of an EndpointSlice.</summary>
public sealed class Endpoint
{
    /// <summary>Addresses (interchangeable).</summary>
    public IList<string> Addresses { get; set; } = [];

    /// <summary>Readiness conditions.</summary>
    public EndpointConditions? Conditions { get; set; }

    /// <summary>Node hosting the endpoint.</summary>
    public string? NodeName { get; set; }

    /// <summary>Zone of the endpoint.</summary>
    public string? Zone { get; set; }

    /// <summary>The pod (or other object) behind the endpoint.</summary>
    public ObjectReference? TargetRef { get; set; }
}

/// <summary>Endpoint conditions.</summary>
public sealed class EndpointConditions
{
    /// <summary>Ready to receive traffic.</summary>
    public bool? Ready { get; set; }

    /// <summary>Serving (may be terminating).</summary>
    public bool? Serving { get; set; }

    /// <summary>Terminating.</summary>
    public bool? Terminating { get; set; }
}

/// <summary>A port of an EndpointSlice.</summary>
public sealed class EndpointPort
{
    /// <summary>Port name, matching the service port name.</summary>
    public string? Name { get; set; }

    /// <summary>Port number.</summary>
    public int? Port { get; set; }

    /// <summary><c>TCP</c>, <c>UDP</c> or <c>SCTP</c>.</summary>
    public string? Protocol { get; set; }
}

/// <summary>coordination.k8s.io/v1 Lease, used for leader election.</summary>
public sealed class Lease : IKubernetesObject
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "coordination.k8s.io/v1";

    /// <inheritdoc />
    public string Kind { get; set; } = "Lease";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Lease spec.</summary>
    public LeaseSpec? Spec { get; set; }
}

/// <summary>Lease spec.</summary>
public sealed class LeaseSpec
{
    /// <summary>Identity of the current holder.</summary>
    public string? HolderIdentity { get; set; }

    /// <summary>How long a holder may go without renewing before others take over.</summary>
    public int? LeaseDurationSeconds { get; set; }

    /// <summary>When the current holder acquired the lease.</summary>
    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    /// <summary>When the holder last renewed.</summary>
    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    /// <summary>Number of holder changes.</summary>
    public int? LeaseTransitions { get; set; }
}

/// <summary>
/// events.k8s.io/v1 Event. Chosen over core/v1 Event because it is the current API
/// (core/v1 Event is kept only for compatibility) and the one the new client-go event recorder writes;
/// its required reportingController/reportingInstance make the source explicit.
/// </summary>
public sealed class Event : IKubernetesObject
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "events.k8s.io/v1";

    /// <inheritdoc />
    public string Kind { get; set; } = "Event";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>When the event first happened (required).</summary>
    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset EventTime { get; set; }

    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Short CamelCase reason.</summary>
    public string? Reason { get; set; }

    /// <summary>What was done, e.g. <c>Reconcile</c>.</summary>
    public string? Action { get; set; }

    /// <summary>Human-readable description (≤1 kB).</summary>
    public string? Note { get; set; }

    /// <summary>The object the event is about.</summary>
    public ObjectReference? Regarding { get; set; }

    /// <summary>Controller that emitted the event, e.g. <c>wharf.dev/operator</c> (required).</summary>
    public string? ReportingController { get; set; }

    /// <summary>Instance of the controller, e.g. the pod name (required).</summary>
    public string? ReportingInstance { get; set; }

    /// <summary>Repetition data for an event that happened several times.</summary>
    public EventSeries? Series { get; set; }
}

/// <summary>Repetition data of an Event.</summary>
public sealed class EventSeries
{
    /// <summary>Occurrences so far.</summary>
    public int Count { get; set; }

    /// <summary>Last occurrence.</summary>
    [JsonConverter(typeof(KubeMicroTimeConverter))]
    public DateTimeOffset LastObservedTime { get; set; }
}
