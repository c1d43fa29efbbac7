namespace Wharf.Kube.Models;

/// <summary>A health probe.</summary>
public sealed class Probe
{
    /// <summary>HTTP GET check.</summary>
    public HttpGetAction? HttpGet { get; set; }

    /// <summary>TCP connect check.</summary>
    public TcpSocketAction? TcpSocket { get; set; }

    /// <summary>Command check.</summary>
    public ExecAction? Exec { get; set; }

    /// <summary>Delay before the first probe.</summary>
    public int? InitialDelaySeconds { get; set; }

    /// <summary>Probe interval.</summary>
    public int? PeriodSeconds { get; set; }

    /// <summary>Probe timeout.</summary>
    public int? TimeoutSeconds { get; set; }

    /// <summary>Consecutive successes to count as healthy.</summary>
    public int? SuccessThreshold { get; set; }

    /// <summary>Consecutive failures to count as unhealthy.</summary>
    public int? FailureThreshold { get; set; }
}

/// <summary>HTTP GET probe.</summary>
public sealed class HttpGetAction
{
    /// <summary>Request path.</summary>
    public string? Path { get; set; }

    /// <summary>Port number or name.</summary>
    public IntOrString Port { get; set; }

    /// <summary><c>HTTP</c> or <c>HTTPS</c>.</summary>
    public string? Scheme { get; set; }
}

/// <summary>TCP probe.</summary>
public sealed class TcpSocketAction
{
    /// <summary>Port number or name.</summary>
    public IntOrString Port { get; set; }
}

/// <summary>Exec probe.</summary>
public sealed class ExecAction
{
    /// <summary>Command to run.</summary>
    public IList<string>? Command { get; set; }
}

/// <summary>Mounts a volume into a container.</summary>
public sealed class VolumeMount
{
    /// <summary>Volume name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Path in the container.</summary>
    public string MountPath { get; set; } = "";

    /// <summary>Mount read-only.</summary>
    public bool? ReadOnly { get; set; }

    /// <summary>Sub-path within the volume.</summary>
    public string? SubPath { get; set; }
}

/// <summary>A pod volume (configMap, secret or emptyDir).</summary>
public sealed class Volume
{
    /// <summary>Volume name.</summary>
    public string Name { get; set; } = "";

    /// <summary>ConfigMap-backed volume.</summary>
    public ConfigMapVolumeSource? ConfigMap { get; set; }

    /// <summary>Secret-backed volume.</summary>
    public SecretVolumeSource? Secret { get; set; }

    /// <summary>Scratch volume.</summary>
    public EmptyDirVolumeSource? EmptyDir { get; set; }
}

/// <summary>ConfigMap volume.</summary>
public sealed class ConfigMapVolumeSource
{
    /// <summary>ConfigMap name.</summary>
    public string Name { get; set; } = "";

    /// <summary>File mode bits for the files.</summary>
    public int? DefaultMode { get; set; }

    /// <summary>When true a missing ConfigMap is not an error.</summary>
    public bool? Optional { get; set; }
}

/// <summary>Secret volume.</summary>
public sealed class SecretVolumeSource
{
    /// <summary>Secret name.</summary>
    public string SecretName { get; set; } = "";

    /// <summary>File mode bits for the files.</summary>
    public int? DefaultMode { get; set; }

    /// <summary>When true a missing Secret is not an error.</summary>
    public bool? Optional { get; set; }
}

/// <summary>EmptyDir volume.</summary>
public sealed class EmptyDirVolumeSource
{
    /// <summary><c>""</c> (node disk) or <c>Memory</c>.</summary>
    public string? Medium { get; set; }

    /// <summary>Size cap, e.g. <c>64Mi</c>.</summary>
    public string? SizeLimit { get; set; }
}

/// <summary>Container security settings.</summary>
public sealed class SecurityContext
{
    /// <summary>Refuse to start as root.</summary>
    public bool? RunAsNonRoot { get; set; }

    /// <summary>UID to run as.</summary>
    public long? RunAsUser { get; set; }

    /// <summary>GID to run as.</summary>
    public long? RunAsGroup { get; set; }

    /// <summary>Mount the root filesystem read-only.</summary>
    public bool? ReadOnlyRootFilesystem { get; set; }

    /// <summary>Allow setuid binaries to gain privileges.</summary>
    public bool? AllowPrivilegeEscalation { get; set; }

    /// <summary>Run privileged.</summary>
    public bool? Privileged { get; set; }

    /// <summary>Linux capabilities to add/drop.</summary>
    public Capabilities? Capabilities { get; set; }

    /// <summary>Seccomp profile.</summary>
    public SeccompProfile? SeccompProfile { get; set; }
}

/// <summary>Pod-level security settings.</summary>
public sealed class PodSecurityContext
{
    /// <summary>Refuse to start as root.</summary>
    public bool? RunAsNonRoot { get; set; }

    /// <summary>UID to run as.</summary>
    public long? RunAsUser { get; set; }

    /// <summary>GID to run as.</summary>
    public long? RunAsGroup { get; set; }

    /// <summary>Group owning mounted volumes.</summary>
    public long? FsGroup { get; set; }

    /// <summary>Seccomp profile.</summary>
    public SeccompProfile? SeccompProfile { get; set; }
}

/// <summary>Linux capabilities.</summary>
public sealed class Capabilities
{
    /// <summary>Capabilities to add.</summary>
    public IList<string>? Add { get; set; }

    /// <summary>Capabilities to drop, e.g. <c>ALL</c>.</summary>
    public IList<string>? Drop { get; set; }
}

/// <summary>Seccomp profile.</summary>
public sealed class SeccompProfile
{
    /// <summary><c>RuntimeDefault</c>, <c>Localhost</c> or <c>Unconfined</c>.</summary>
    public string Type { get; set; } = "RuntimeDefault";

    /// <summary>Profile path for <c>Localhost</c>.</summary>
    public string? LocalhostProfile { get; set; }
}

/// <summary>Tolerates a node taint.</summary>
public sealed class Toleration
{
    /// <summary>Taint key; empty with Exists matches all.</summary>
    public string? Key { get; set; }

    /// <summary><c>Equal</c> (default) or <c>Exists</c>.</summary>
    public string? Operator { get; set; }

    /// <summary>Taint value for Equal.</summary>
    public string? Value { get; set; }

    /// <summary><c>NoSchedule</c>, <c>PreferNoSchedule</c> or <c>NoExecute</c>; empty matches all.</summary>
    public string? Effect { get; set; }

    /// <summary>For NoExecute: how long the pod stays bound after the taint appears.</summary>
    public long? TolerationSeconds { get; set; }
}
