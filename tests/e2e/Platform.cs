using k8s;
using Wharf.E2e.Fixtures;
using Wharf.E2e.Launcher;

namespace Wharf.E2e;

/// <summary>What scenarios drive: the user-facing tools against the running platform.</summary>
internal sealed class Platform(E2eOptions options, Infrastructure infra, IKubernetes client, PodLauncher launcher, string work)
{
    public E2eOptions Options => options;

    public Infrastructure Infra => infra;

    public IKubernetes Client => client;

    public PodLauncher Launcher => launcher;

    public string Work => work;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string RepoPath(params string[] parts) => Path.Join([options.RepoRoot, .. parts]);

    public Task<Command.Result> KubectlAsync(IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null) =>
        Command.RunAsync("kubectl", ["--kubeconfig", infra.Kubeconfig, .. args], stdin: stdin, timeout: timeout);

    public Task<Command.Result> WharfAsync(IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null) =>
        Command.RunAsync(RepoPath("src", "Cli", "bin", options.Configuration, "net10.0", "wharf"), args,
            env: new Dictionary<string, string> { ["KUBECONFIG"] = infra.Kubeconfig, ["HOME"] = Path.Join(work, "home") },
            workingDirectory: workingDirectory, timeout: timeout ?? TimeSpan.FromMinutes(5));

    /// <summary>Waits until <paramref name="condition"/> holds, polling; the last failure explains a timeout.</summary>
    public static async Task EventuallyAsync(string what, Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        Exception? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                last = e;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s" + (last is null ? "" : $" (last error: {last.Message})"));
    }

    /// <summary>The ready pods of a workload the launcher runs.</summary>
    public IReadOnlyList<PodLauncher.Pod> ReadyPods(string ns, string ownerName) =>
        [.. launcher.Pods.Where(p => p.Sandbox.Plan.Namespace == ns && p.Sandbox.Plan.OwnerName == ownerName && p.Ready && !p.Terminating)];
}
