namespace Wharf.E2e.Launcher;

/// <summary>Runs a pod's (first) container: as a local process, or as a container through a Docker engine.</summary>
internal interface IPodRunner
{
    string Mode { get; }

    Task<IRunningPod> StartAsync(PodSandbox sandbox, CancellationToken cancellationToken);
}

/// <summary>A started container.</summary>
internal interface IRunningPod
{
    bool HasExited { get; }

    int? ExitCode { get; }

    /// <summary>SIGTERM, then SIGKILL after the grace period, as the kubelet does.</summary>
    Task StopAsync(TimeSpan grace);
}
