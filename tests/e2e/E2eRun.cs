using System.Diagnostics;
using k8s;
using Wharf.E2e.Fixtures;
using Wharf.E2e.Launcher;

namespace Wharf.E2e;

/// <summary>One e2e run: infrastructure, the platform installed from config/default, the launcher, the scenarios.</summary>
internal sealed class E2eRun(E2eOptions options)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory($"wharf-e2e-{options.Mode}-").FullName;
        var log = new StreamWriter(Path.Join(work, "launcher.log")) { AutoFlush = true };
        int passed = 0, failed = 0;
        Platform? platform = null;
        try
        {
            await using var infra = await Infrastructure.StartAsync(options.RepoRoot, work, options.Configuration);
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(infra.Kubeconfig);
            using var client = new Kubernetes(config);
            var runner = CreateRunner();
            await using var launcher = new PodLauncher(client, infra.Kubeconfig, Path.Join(work, "pods"), runner, log);
            using var stopLauncher = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var loop = launcher.RunAsync(stopLauncher.Token);
            platform = new Platform(options, infra, client, launcher, work);
            foreach (var scenario in Scenarios.All(platform))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                var clock = Stopwatch.StartNew();
                try
                {
                    await scenario.Run(cancellationToken);
                    passed++;
                    Console.WriteLine($"ok    {options.Mode}: {scenario.Name} ({clock.Elapsed.TotalSeconds:0.0} s)");
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failed++;
                    Console.WriteLine($"FAIL  {options.Mode}: {scenario.Name}: {e.Message}");
                    await log.WriteLineAsync($"scenario {scenario.Name} failed: {e}");
                }
            }

            await stopLauncher.CancelAsync();
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failed++;
            Console.WriteLine($"FAIL  {options.Mode}: set-up: {e.Message}");
        }
        finally
        {
            await log.DisposeAsync();
            if (!options.Keep && failed == 0)
            {
                Directory.Delete(work, recursive: true);
            }
            else
            {
                Console.WriteLine($"e2e: logs kept in {work}");
            }
        }

        Console.WriteLine($"e2e ({options.Mode}): {passed} passed, {failed} failed");
        return failed == 0 && !cancellationToken.IsCancellationRequested ? 0 : 1;
    }

    private IPodRunner CreateRunner()
    {
        if (options.Mode == "container")
        {
            return OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException() : new ContainerPodRunner();
        }

        var bin = (string project, string app) => Path.Join(options.RepoRoot, "src", project, "bin", options.Configuration, "net10.0", app);
        return new ProcessPodRunner(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["operator"] = bin("Operator", "Wharf.Operator"),
            ["runtime"] = bin("NodeRuntime", "Wharf.NodeRuntime"),
            ["ingress"] = bin("Ingress", "Wharf.Ingress"),
        }, new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["runtime"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["WHARF_JS_RUNTIME"] = Path.Join(options.RepoRoot, "runtimes", "quickjs", "build", "wharf-js.wasm"),
            },
        });
    }
}
