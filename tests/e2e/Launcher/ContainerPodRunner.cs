using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;

namespace Wharf.E2e.Launcher;

/// <summary>
/// Container mode: a container runs from its image (built by <c>make images</c>; never pulled) through Testcontainers,
/// with the pod's volumes bind-mounted where the pod spec mounts them, its environment and args. Host networking (the
/// engine here has no bridge): each pod still binds only its own 127.0.0.N address. See ../shared/ENVIRONMENT.md.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class ContainerPodRunner : IPodRunner
{
    public string Mode => "container";

    public async Task<IRunningPod> StartAsync(PodSandbox sandbox, CancellationToken cancellationToken)
    {
        var container = sandbox.Container;
        var env = await sandbox.EnvironmentAsync(rewritePaths: false, cancellationToken);
        var kubeconfig = env["KUBECONFIG"];
        env["KUBECONFIG"] = "/var/run/wharf-e2e/kubeconfig";
        var builder = new ContainerBuilder(container.Image)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithName($"wharf-e2e-{sandbox.Plan.Namespace}-{sandbox.Plan.Name}-{Guid.NewGuid():N}"[..63].TrimEnd('-'))
            .WithCleanUp(false)
            .WithAutoRemove(false)
            .WithEnvironment(env)
            .WithBindMount(kubeconfig, "/var/run/wharf-e2e/kubeconfig", AccessMode.ReadOnly)
            .WithCreateParameterModifier(p =>
            {
                p.HostConfig!.NetworkMode = "host";
                p.HostConfig.ReadonlyRootfs = container.SecurityContext?.ReadOnlyRootFilesystem ?? false;
            });
        if (container.Command is { Count: > 0 } command)
        {
            builder = builder.WithEntrypoint([.. command]);
        }

        builder = builder.WithCommand([.. sandbox.Args(env, rewritePaths: false)]);
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (sandbox.VolumeDirs.TryGetValue(mount.Name, out var dir))
            {
                // The container runs as its non-root user: writable volumes must be writable by it (fsGroup's job in a cluster).
                if (mount.ReadOnlyProperty != true)
                {
                    File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
                }

                builder = builder.WithBindMount(dir, mount.MountPath, mount.ReadOnlyProperty == true ? AccessMode.ReadOnly : AccessMode.ReadWrite);
            }
        }

        var started = builder.Build();
        await started.StartAsync(cancellationToken);
        return new RunningContainer(started, sandbox.LogPath);
    }

    private sealed class RunningContainer(IContainer container, string logPath) : IRunningPod
    {
        private bool _stopped;

        public bool HasExited => _stopped || container.State is TestcontainersStates.Exited or TestcontainersStates.Dead;

        public int? ExitCode => HasExited ? (int)container.GetExitCodeAsync().GetAwaiter().GetResult() : null;

        public async Task StopAsync(TimeSpan grace)
        {
            _stopped = true;
            var (stdout, stderr) = await container.GetLogsAsync();
            await File.AppendAllTextAsync(logPath, stdout + stderr);
            await container.StopAsync();
            await container.DisposeAsync();
            _ = grace; // docker stop sends SIGTERM and waits the engine's grace period before SIGKILL.
        }
    }
}
