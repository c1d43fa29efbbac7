using k8s;
using k8s.Models;

namespace Wharf.E2e.Launcher;

/// <summary>
/// Plays the kubelet and the EndpointSlice controller for a cluster of one node: keeps one running pod per desired pod
/// of every Deployment and DaemonSet (level-triggered: each tick compares what the API server says with what runs),
/// restarts crashed containers with back-off, rolls template changes by surge (the new pod first; the old one stops once
/// the new one is ready), refreshes ConfigMap/Secret volumes, probes readiness, and publishes the ready pods of every
/// Service as an EndpointSlice.
/// </summary>
internal sealed class PodLauncher(IKubernetes client, string kubeconfig, string root, IPodRunner runner, TextWriter log) : IAsyncDisposable
{
    private const string FieldManager = "wharf-e2e-launcher";
    private readonly Dictionary<string, Pod> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _slices = new(StringComparer.Ordinal);
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private int _nextIp = 10;

    /// <summary>Pods by key, for scenarios that kill or inspect one.</summary>
    public IReadOnlyCollection<Pod> Pods { get { lock (_pods) { return [.. _pods.Values]; } } }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await log.WriteLineAsync($"launcher: {e.GetType().Name}: {e.Message}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var deployments = await client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: cancellationToken);
        var daemonSets = await client.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: cancellationToken);
        var desired = PodPlan.From(deployments, daemonSets).ToDictionary(p => p.Key, StringComparer.Ordinal);

        foreach (var plan in desired.Values.Where(p => !_pods.ContainsKey(p.Key)))
        {
            var sandbox = new PodSandbox(plan, root, $"127.0.0.{Interlocked.Increment(ref _nextIp)}", client, kubeconfig);
            await sandbox.SyncVolumesAsync(cancellationToken);
            var pod = new Pod(sandbox);
            lock (_pods) { _pods[plan.Key] = pod; }
            await log.WriteLineAsync($"launcher: start {runner.Mode} pod {plan.Key} on {sandbox.PodIp} ({plan.Template.Spec.Containers[0].Image})");
            pod.Running = await runner.StartAsync(sandbox, cancellationToken);
        }

        foreach (var pod in _pods.Values.ToList())
        {
            var wanted = desired.ContainsKey(pod.Sandbox.Plan.Key);
            if (wanted || !pod.Terminating)
            {
                await pod.Sandbox.SyncVolumesAsync(cancellationToken);
            }

            if (pod.Running is { HasExited: true } exited && !pod.Terminating)
            {
                pod.Ready = false;
                if (DateTimeOffset.UtcNow >= pod.RestartAt)
                {
                    pod.Restarts++;
                    await log.WriteLineAsync($"launcher: pod {pod.Sandbox.Plan.Key} exited with {exited.ExitCode}; restart {pod.Restarts} (log: {pod.Sandbox.LogPath})");
                    pod.RestartAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Math.Min(10, pod.Restarts));
                    pod.Running = await runner.StartAsync(pod.Sandbox, cancellationToken);
                }

                continue;
            }

            pod.Ready = !pod.Terminating && await ProbeAsync(pod.Sandbox, cancellationToken);
            if (!wanted && !pod.Terminating && ReplacementReady(pod, desired))
            {
                pod.Terminating = true;
                pod.Ready = false;
                await PublishEndpointsAsync(cancellationToken); // Drain: out of the slices before SIGTERM.
                await log.WriteLineAsync($"launcher: stop pod {pod.Sandbox.Plan.Key}");
                await pod.Running!.StopAsync(TimeSpan.FromSeconds(pod.Sandbox.Plan.Template.Spec.TerminationGracePeriodSeconds ?? 30));
                lock (_pods) { _pods.Remove(pod.Sandbox.Plan.Key); }
            }
        }

        await PublishEndpointsAsync(cancellationToken);
    }

    /// <summary>Kills a pod's container as a node failure would; the launcher restarts it on a later tick.</summary>
    public async Task KillAsync(Pod pod)
    {
        pod.Ready = false;
        pod.RestartAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        await pod.Running!.StopAsync(TimeSpan.Zero);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pod in _pods.Values)
        {
            if (pod.Running is { } running)
            {
                await running.StopAsync(TimeSpan.FromSeconds(5));
            }
        }

        _pods.Clear();
        _probe.Dispose();
    }

    /// <summary>An old pod goes once the workload is gone, or once a pod of its new template is ready.</summary>
    private bool ReplacementReady(Pod pod, Dictionary<string, PodPlan> desired)
    {
        var workload = pod.Sandbox.Plan.WorkloadKey;
        var successors = desired.Values.Where(p => p.WorkloadKey == workload).ToList();
        return successors.Count == 0 || successors.All(p => _pods.TryGetValue(p.Key, out var next) && next.Ready);
    }

    private async Task<bool> ProbeAsync(PodSandbox sandbox, CancellationToken cancellationToken)
    {
        var container = sandbox.Container;
        var probe = container.ReadinessProbe?.HttpGet;
        if (probe is null)
        {
            return true;
        }

        var port = int.TryParse(probe.Port.Value, out var n) ? n
            : container.Ports?.FirstOrDefault(p => p.Name == probe.Port.Value)?.ContainerPort ?? 0;
        try
        {
            using var response = await _probe.GetAsync(new Uri($"http://{sandbox.PodIp}:{port}{probe.Path}"), cancellationToken);
            return (int)response.StatusCode is >= 200 and < 400;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task PublishEndpointsAsync(CancellationToken cancellationToken)
    {
        var services = await client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: cancellationToken);
        foreach (var service in services.Items.Where(s => s.Spec.Selector is { Count: > 0 }))
        {
            var members = _pods.Values
                .Where(p => p.Sandbox.Plan.Namespace == service.Namespace()
                    && service.Spec.Selector.All(kv => p.Sandbox.Plan.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
                .OrderBy(p => p.Sandbox.Plan.Name, StringComparer.Ordinal)
                .ToList();
            var container = members.FirstOrDefault()?.Sandbox.Container;
            var slice = new V1EndpointSlice
            {
                ApiVersion = "discovery.k8s.io/v1",
                Kind = "EndpointSlice",
                Metadata = new V1ObjectMeta
                {
                    Name = service.Name() + "-e2e",
                    NamespaceProperty = service.Namespace(),
                    Labels = new Dictionary<string, string>
                    {
                        ["kubernetes.io/service-name"] = service.Name(),
                        ["endpointslice.kubernetes.io/managed-by"] = FieldManager,
                    },
                },
                AddressType = "IPv4",
                Endpoints = [.. members.Select(p => new V1Endpoint
                {
                    Addresses = [p.Sandbox.PodIp],
                    Conditions = new V1EndpointConditions { Ready = p.Ready, Serving = p.Ready, Terminating = p.Terminating },
                    NodeName = PodPlan.NodeName,
                    TargetRef = new V1ObjectReference { Kind = "Pod", Name = p.Sandbox.Plan.Name, NamespaceProperty = p.Sandbox.Plan.Namespace },
                })],
                Ports = [.. service.Spec.Ports.Select(sp => new Discoveryv1EndpointPort
                {
                    Name = sp.Name,
                    Protocol = sp.Protocol ?? "TCP",
                    Port = sp.TargetPort is null ? sp.Port
                        : int.TryParse(sp.TargetPort.Value, out var t) ? t
                        : container?.Ports?.FirstOrDefault(cp => cp.Name == sp.TargetPort.Value)?.ContainerPort ?? sp.Port,
                })],
            };
            var json = KubernetesJson.Serialize(slice);
            var key = $"{service.Namespace()}/{service.Name()}";
            if (_slices.TryGetValue(key, out var last) && last == json)
            {
                continue;
            }

            await client.DiscoveryV1.PatchNamespacedEndpointSliceAsync(
                new V1Patch(json, V1Patch.PatchType.ApplyPatch), slice.Metadata.Name, service.Namespace(),
                fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
            _slices[key] = json;
        }
    }

    /// <summary>A pod the launcher runs.</summary>
    internal sealed class Pod(PodSandbox sandbox)
    {
        public PodSandbox Sandbox { get; } = sandbox;

        public IRunningPod? Running { get; set; }

        public bool Ready { get; set; }

        public bool Terminating { get; set; }

        public int Restarts { get; set; }

        public DateTimeOffset RestartAt { get; set; }
    }
}
