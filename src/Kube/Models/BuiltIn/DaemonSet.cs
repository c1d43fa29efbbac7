namespace Wharf.Kube.Models;

/// <summary>apps/v1 DaemonSet: one pod per (selected) node.</summary>
public sealed class DaemonSet : IKubernetesObject
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "apps/v1";

    /// <inheritdoc />
    public string Kind { get; set; } = "DaemonSet";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired state.</summary>
    public DaemonSetSpec? Spec { get; set; }

    /// <summary>Observed state.</summary>
    public DaemonSetStatus? Status { get; set; }
}

/// <summary>DaemonSet spec.</summary>
public sealed class DaemonSetSpec
{
    /// <summary>Selects the pods this DaemonSet owns; must match the template labels. Immutable.</summary>
    public LabelSelectorSpec? Selector { get; set; }

    /// <summary>Pod template.</summary>
    public PodTemplateSpec? Template { get; set; }

    /// <summary>How pods are replaced on template changes.</summary>
    public DaemonSetUpdateStrategy? UpdateStrategy { get; set; }

    /// <summary>Seconds a new pod must be ready before it counts as available.</summary>
    public int? MinReadySeconds { get; set; }

    /// <summary>Old revisions kept for rollback.</summary>
    public int? RevisionHistoryLimit { get; set; }
}

/// <summary>DaemonSet update strategy.</summary>
public sealed class DaemonSetUpdateStrategy
{
    /// <summary><c>RollingUpdate</c> (default) or <c>OnDelete</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Rolling update parameters.</summary>
    public RollingUpdateDaemonSet? RollingUpdate { get; set; }
}

/// <summary>Rolling update parameters of a DaemonSet.</summary>
public sealed class RollingUpdateDaemonSet
{
    /// <summary>Pods that may be unavailable during the update (number or percentage).</summary>
    public IntOrString? MaxUnavailable { get; set; }

    /// <summary>Pods that may be surged during the update (number or percentage).</summary>
    public IntOrString? MaxSurge { get; set; }
}

/// <summary>DaemonSet status.</summary>
public sealed class DaemonSetStatus
{
    /// <summary>Nodes that should run the daemon pod.</summary>
    public int DesiredNumberScheduled { get; set; }

    /// <summary>Nodes running at least one daemon pod.</summary>
    public int CurrentNumberScheduled { get; set; }

    /// <summary>Nodes whose daemon pod is ready.</summary>
    public int NumberReady { get; set; }

    /// <summary>Nodes whose daemon pod is available.</summary>
    public int? NumberAvailable { get; set; }

    /// <summary>Nodes running the current template.</summary>
    public int? UpdatedNumberScheduled { get; set; }

    /// <summary>Nodes running the pod that should not.</summary>
    public int NumberMisscheduled { get; set; }

    /// <summary>Most recent generation observed by the DaemonSet controller.</summary>
    public long? ObservedGeneration { get; set; }
}

/// <summary>A label selector (<c>metav1.LabelSelector</c>).</summary>
public sealed class LabelSelectorSpec
{
    /// <summary>Exact label matches.</summary>
    public IDictionary<string, string>? MatchLabels { get; set; }

    /// <summary>Set-based requirements.</summary>
    public IList<LabelSelectorRequirement>? MatchExpressions { get; set; }
}

/// <summary>One set-based label requirement.</summary>
public sealed class LabelSelectorRequirement
{
    /// <summary>Label key.</summary>
    public string Key { get; set; } = "";

    /// <summary><c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
    public string Operator { get; set; } = "";

    /// <summary>Values for In/NotIn.</summary>
    public IList<string>? Values { get; set; }
}

/// <summary>Pod template: metadata plus pod spec.</summary>
public sealed class PodTemplateSpec
{
    /// <summary>Labels and annotations of the pods.</summary>
    public ObjectMeta? Metadata { get; set; }

    /// <summary>Pod spec.</summary>
    public PodSpec? Spec { get; set; }
}
