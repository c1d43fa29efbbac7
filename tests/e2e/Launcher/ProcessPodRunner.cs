using System.Diagnostics;

namespace Wharf.E2e.Launcher;

/// <summary>
/// Process mode: a container becomes a local process of the app its image holds (image name → executable, e.g.
/// <c>…/runtime:TAG</c> → the built <c>Wharf.NodeRuntime</c>), with the container's args and environment. Paths under
/// volume mounts are rewritten to the pod's folders, since a process cannot mount.
/// </summary>
/// <param name="executables">App (image name) → local executable.</param>
/// <param name="imageEnv">App → environment its image sets (the Dockerfile's ENV lines), with local paths.</param>
internal sealed class ProcessPodRunner(IReadOnlyDictionary<string, string> executables, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> imageEnv) : IPodRunner
{
    public string Mode => "process";

    public async Task<IRunningPod> StartAsync(PodSandbox sandbox, CancellationToken cancellationToken)
    {
        var container = sandbox.Container;
        var env = await sandbox.EnvironmentAsync(rewritePaths: true, cancellationToken);
        var args = sandbox.Args(env, rewritePaths: true);
        var app = container.Command is { Count: > 0 } command ? Path.GetFileName(command[0]) : ImageName(container.Image);
        var executable = executables.TryGetValue(app, out var e) ? e
            : executables.Values.FirstOrDefault(v => Path.GetFileName(v) == app)
            ?? throw new InvalidOperationException($"pod {sandbox.Plan.Key}: no local executable for image '{container.Image}' (known: {string.Join(", ", executables.Keys)})");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = sandbox.Directory,
        };
        foreach (var a in (container.Command ?? []).Skip(1).Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in imageEnv.TryGetValue(app, out var defaults) ? defaults : new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        var log = new StreamWriter(File.Open(sandbox.LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        await log.WriteLineAsync($"--- start {executable} {string.Join(' ', start.ArgumentList)}");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"pod {sandbox.Plan.Key}: could not start {executable}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RunningProcess(process, log);
    }

    /// <summary>The last path segment of an image reference without tag or digest: <c>ghcr.io/wharf/runtime:0.1.0</c> → <c>runtime</c>.</summary>
    internal static string ImageName(string image)
    {
        var name = image.Split('@')[0];
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > slash)
        {
            name = name[..colon];
        }

        return name[(slash + 1)..];
    }

    private sealed class RunningProcess(Process process, StreamWriter log) : IRunningPod
    {
        public bool HasExited => process.HasExited;

        public int? ExitCode => process.HasExited ? process.ExitCode : null;

        public async Task StopAsync(TimeSpan grace)
        {
            if (!process.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync();
                }

                using var timeout = new CancellationTokenSource(grace);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            lock (log)
            {
                log.WriteLine($"--- exited {process.ExitCode}");
            }

            process.Dispose();
            await log.DisposeAsync();
        }
    }
}
