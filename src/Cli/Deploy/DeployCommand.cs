using System.CommandLine;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Wharf.Cli.Artifacts;
using Wharf.Cli.Dev;
using Wharf.Oci;

namespace Wharf.Cli.Deploy;

/// <summary>
/// <c>wharf deploy [DIR] --image REPO[:TAG]</c>: build, push, optionally sign, and apply a <c>Worker</c> pinned to the
/// pushed digest (server-side apply, field manager <c>wharf-cli</c>) with the current kubeconfig; <c>--dry-run</c> prints
/// the manifest instead (nothing is pushed: the digest is the locally built one), <c>--wait</c> waits for Ready and prints
/// the worker's URLs, or the condition that blocks it.
/// </summary>
internal static class DeployCommand
{
    private const string FieldManager = "wharf-cli";

    public static Command Create(CliStreams streams, TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<string>("dir") { Description = "The worker project folder. Default: the current folder.", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
        var image = new Option<string>("--image") { HelpName = "REPO[:TAG]", Description = "Where to push the artifact, e.g. registry.example.com/team/hello:1.0.", Required = true };
        var ns = new Option<string>("--namespace", "-n") { Description = "The Worker's namespace (default: the kubeconfig context's, else 'default')." };
        var hosts = new Option<string[]>("--host") { Description = "Host for routes that name none ('/prefix' routes in wharf.json); repeatable." };
        var kv = new Option<string[]>("--kv") { HelpName = "BINDING=KVNAMESPACE", Description = "KvNamespace for a KV binding (default: the binding name in lower case)." };
        var secrets = new Option<string[]>("--secret") { HelpName = "BINDING=SECRET/KEY", Description = "Kubernetes Secret key behind a secret binding." };
        var pullSecret = new Option<string>("--pull-secret") { Description = "Image pull secret (kubernetes.io/dockerconfigjson) in the Worker's namespace." };
        var key = new Option<string>("--key") { HelpName = "FILE", Description = "Sign the pushed artifact with this private key (from 'wharf keygen')." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the key's password from stdin (else $WHARF_KEY_PASSWORD)." };
        var insecure = new Option<bool>("--insecure") { Description = "Plain HTTP to the registry (loopback registries always are)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the Worker manifest; push, sign and apply nothing." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the Worker is Ready; print its URLs, or the condition that blocks it." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "How long --wait waits (default 2m).", DefaultValueFactory = _ => TimeSpan.FromMinutes(2) };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)." };
        var context = new Option<string>("--context") { Description = "kubeconfig context (default: the current one)." };
        var esbuild = new Option<string>("--esbuild") { HelpName = "PATH", Description = "esbuild binary for JavaScript/TypeScript workers." };
        var command = new Command("deploy", "Build, push, sign (with --key) and apply a Worker pinned to the pushed digest.")
        {
            dir, image, ns, hosts, kv, secrets, pullSecret, key, passwordStdin, insecure, dryRun, wait, timeout, kubeconfig, context, esbuild,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var project = result.GetValue(dir)!;
                var built = WorkerBuilder.Build(project, result.GetValue(esbuild), stderr);
                var target = ImageReference.Parse(result.GetValue(image)!);
                var pinned = $"{target.RepositoryReference}@{built.Manifest.Digest}";
                var config = result.GetValue(dryRun) && result.GetValue(kubeconfig) is null && result.GetValue(ns) is not null
                    ? null
                    : LoadConfig(result.GetValue(kubeconfig), result.GetValue(context));
                var worker = WorkerManifestBuilder.BuildWorker(WorkerBuilder.ReadManifest(Path.GetFullPath(project)), new DeployTarget(
                    pinned, built.Kind, result.GetValue(ns) ?? config?.Namespace ?? "default", result.GetValue(hosts) ?? [],
                    Pairs(result.GetValue(kv), "--kv"), Pairs(result.GetValue(secrets), "--secret"), result.GetValue(pullSecret)));
                if (result.GetValue(dryRun))
                {
                    await stdout.WriteAsync(ManifestYaml.Serialize(worker));
                    return 0;
                }

                var pushed = await ArtifactCommands.PushAsync(result.GetValue(image)!, project, result.GetValue(insecure), 0, streams, stdout, cancellationToken);
                if (pushed != 0)
                {
                    return pushed;
                }

                if (result.GetValue(key) is { } keyFile)
                {
                    using var signingKey = SigningKeys.ImportPrivateKey(File.ReadAllText(keyFile), RegistryAccess.Password(result.GetValue(passwordStdin), streams.Stdin));
                    using var registry = RegistryAccess.Client(result.GetValue(insecure));
                    var sig = await new CosignSignatures(registry).SignAsync(ImageReference.Parse(pinned), signingKey, cancellationToken);
                    await stdout.WriteLineAsync($"signed {pinned} ({sig.RepositoryReference}:{sig.Tag})");
                }

                using var client = new Kubernetes(config!);
                var name = (string)worker["metadata"]!["name"]!;
                var workerNamespace = (string)worker["metadata"]!["namespace"]!;
                await client.CustomObjects.PatchNamespacedCustomObjectAsync(
                    new V1Patch(worker.ToJsonString(), V1Patch.PatchType.ApplyPatch), "wharf.dev", "v1alpha1", workerNamespace, "workers", name,
                    fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
                await stdout.WriteLineAsync($"worker.wharf.dev/{name} applied in {workerNamespace} ({pinned})");
                return result.GetValue(wait)
                    ? await WaitReadyAsync(client, workerNamespace, name, result.GetValue(timeout), stdout, stderr, cancellationToken)
                    : 0;
            }
            catch (Exception e) when (e is BuildException or DevConfigException or FormatException or IOException or RegistryException
                or k8s.Exceptions.KubeConfigException or HttpOperationException or HttpRequestException or System.Security.Cryptography.CryptographicException)
            {
                var detail = e is HttpOperationException http ? $"{http.Message}: {http.Response?.Content}" : e.Message;
                await stderr.WriteLineAsync($"error: {detail}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Polls the Worker until Ready=True for its current generation; prints URLs, or the blocking condition.</summary>
    private static async Task<int> WaitReadyAsync(Kubernetes client, string ns, string name, TimeSpan timeout, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        string? blocking = null;
        while (true)
        {
            var obj = JsonSerializer.SerializeToNode(await client.CustomObjects.GetNamespacedCustomObjectAsync("wharf.dev", "v1alpha1", ns, "workers", name, cancellationToken))!;
            var generation = (long?)obj["metadata"]?["generation"] ?? 0;
            var conditions = obj["status"]?["conditions"]?.AsArray().Select(c => c!).ToList() ?? [];
            var ready = conditions.FirstOrDefault(c => (string?)c["type"] == "Ready");
            if (ready is not null && (string?)ready["status"] == "True" && ((long?)ready["observedGeneration"] ?? generation) >= generation)
            {
                foreach (var route in obj["spec"]?["routes"]?.AsArray() ?? [])
                {
                    await stdout.WriteLineAsync($"http://{(string?)route!["host"]}{(string?)route["pathPrefix"] ?? "/"}");
                }

                return 0;
            }

            var failing = conditions.FirstOrDefault(c => (string?)c["status"] == "False" && (string?)c["type"] != "Ready") ?? ready;
            var now = failing is null ? "no conditions yet" : $"{failing["type"]}={failing["status"]} ({failing["reason"]}): {failing["message"]}";
            if (now != blocking)
            {
                blocking = now;
                await stderr.WriteLineAsync($"waiting: {now}");
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                await stderr.WriteLineAsync($"error: {ns}/{name} not Ready after {timeout.TotalSeconds:0} s: {blocking}");
                return 1;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private static KubernetesClientConfiguration LoadConfig(string? kubeconfig, string? context) =>
        kubeconfig is null && context is null
            ? KubernetesClientConfiguration.BuildDefaultConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);

    private static Dictionary<string, string> Pairs(string[]? values, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == value.Length - 1)
            {
                throw new FormatException($"{option} '{value}' must be NAME=VALUE");
            }

            pairs[value[..eq]] = value[(eq + 1)..];
        }

        return pairs;
    }
}
