using Wharf.Api.Runtime;
using WorkerRuntime = Wharf.Api.Workers.WorkerRuntime;
using Wharf.NodeRuntime.Egress;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Kv;

namespace Wharf.NodeRuntime.Config;

/// <summary>Where the node finds what a <see cref="RuntimeConfig"/> only references.</summary>
/// <param name="ModulesDirectory">Pulled modules, one file per digest: <c>sha256-&lt;hex&gt;.wasm</c> for wasm
/// workers, <c>sha256-&lt;hex&gt;.json</c> (the JS bundle) for JavaScript workers.</param>
/// <param name="SecretsDirectory">Secret values as files <c>&lt;secretName&gt;/&lt;key&gt;</c> (the layout of a
/// Kubernetes secret volume), or null when workers have no secrets.</param>
/// <param name="JavaScriptRuntime">Path of <c>wharf-js.wasm</c>, or null when no JavaScript worker is served.</param>
public sealed record RuntimeConfigSources(string ModulesDirectory, string? SecretsDirectory, string? JavaScriptRuntime);

/// <summary>Turns the operator's runtime config document into worker definitions and KV namespace limits.</summary>
public static class RuntimeConfigLoader
{
    /// <summary>Largest response body of a worker (the runtime config has no field for it yet).</summary>
    public const int DefaultMaxResponseBytes = 32 << 20;

    /// <summary>Configures <paramref name="kv"/> with the document's namespaces and returns one definition per
    /// worker, plus an error per worker whose files could not be read.</summary>
    public static (IReadOnlyList<WorkerDefinition> Workers, IReadOnlyList<WorkerLoadException> Errors) Load(
        RuntimeConfig config, RuntimeConfigSources sources, IKvStore kv)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(kv);
        foreach (var ns in config.KvNamespaces)
        {
            kv.ConfigureNamespace(ns.Id, new KvNamespaceLimits(ns.MaxKeys, ns.MaxValueBytes, ns.MaxTotalBytes)
            {
                DefaultTimeToLive = ns.DefaultTtlMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            });
        }

        var workers = new List<WorkerDefinition>();
        var errors = new List<WorkerLoadException>();
        foreach (var worker in config.Workers)
        {
            try
            {
                workers.Add(ToDefinition(worker, sources));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException)
            {
                errors.Add(new WorkerLoadException(worker.Name, e.Message, e));
            }
        }

        return (workers, errors);
    }

    private static WorkerDefinition ToDefinition(RuntimeWorker worker, RuntimeConfigSources sources)
    {
        var file = worker.Digest.Replace(':', '-');
        if (file.Contains('/', StringComparison.Ordinal) || file.Contains("..", StringComparison.Ordinal))
        {
            throw new FormatException($"invalid digest '{worker.Digest}'");
        }

        byte[] module;
        byte[]? initData = null;
        if (worker.Runtime == WorkerRuntime.JavaScript)
        {
            var runtime = sources.JavaScriptRuntime ?? throw new ArgumentException("is a JavaScript worker but no JavaScript runtime (wharf-js.wasm) is configured");
            module = File.ReadAllBytes(runtime);
            initData = File.ReadAllBytes(Path.Combine(sources.ModulesDirectory, file + ".json"));
        }
        else
        {
            module = File.ReadAllBytes(Path.Combine(sources.ModulesDirectory, file + ".wasm"));
        }

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in worker.Bindings.Secrets)
        {
            var dir = sources.SecretsDirectory ?? throw new ArgumentException($"binds secret '{secret.Name}' but no secrets directory is configured");
            secrets[secret.Name] = File.ReadAllText(Path.Combine(dir, secret.SecretName, secret.Key));
        }

        return new WorkerDefinition
        {
            Name = $"{worker.Namespace}/{worker.Name}",
            Module = module,
            Kind = worker.Runtime == WorkerRuntime.JavaScript ? WorkerKind.Sdk : WorkerKind.Auto,
            InitData = initData,
            Routes = [.. worker.Routes.Select(r => new WorkerRoute(r.Host, r.PathPrefix))],
            Egress = [.. worker.Egress.Select(e => new EgressRule(e.Host, e.Port))],
            Bindings = new WorkerBindings
            {
                Vars = worker.Bindings.Vars.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal),
                Secrets = secrets,
                Kv = worker.Bindings.Kv.ToDictionary(b => b.Name, b => b.NamespaceId, StringComparer.Ordinal),
            },
            Limits = new WorkerLimits
            {
                MemoryBytes = worker.Limits.MemoryBytes,
                Timeout = TimeSpan.FromMilliseconds(worker.Limits.TimeoutMs),
                MaxRequestBodyBytes = worker.Limits.MaxBodyBytes,
                MaxConcurrency = worker.Limits.MaxConcurrency,
                MaxResponseBodyBytes = DefaultMaxResponseBytes,
            },
        };
    }
}
