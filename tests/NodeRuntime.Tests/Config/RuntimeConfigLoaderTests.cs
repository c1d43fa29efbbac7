using Wharf.Api.Runtime;
using Wharf.NodeRuntime.Config;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Kv;
using Wharf.NodeRuntime.Tests.TestSupport;
using WorkerRuntime = Wharf.Api.Workers.WorkerRuntime;

namespace Wharf.NodeRuntime.Tests.Config;

public sealed class RuntimeConfigLoaderTests : IDisposable
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("hb-config-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static RuntimeWorker Worker(string name, WorkerRuntime runtime = WorkerRuntime.Wasm) => new()
    {
        Name = name,
        Namespace = "team",
        Generation = 1,
        Image = "registry/x@" + Digest,
        Digest = Digest,
        Runtime = runtime,
        Routes = [new RuntimeRoute { Host = "*", PathPrefix = "/" }],
        Limits = new RuntimeLimits { MemoryBytes = 32 << 20, TimeoutMs = 2000, MaxBodyBytes = 1024, MaxConcurrency = 4 },
        Egress = [new RuntimeEgressRule { Host = "api.example.com", Port = 443 }],
        Bindings = new RuntimeBindings
        {
            Kv = [new RuntimeKvBinding { Name = "HITS", NamespaceId = "team/hits" }],
            Vars = [new RuntimeVar { Name = "GREETING", Value = "hey" }],
            Secrets = [new RuntimeSecretReference { Name = "TOKEN", SecretName = "creds", Key = "token" }],
        },
        MinInstances = 0,
    };

    private static RuntimeConfig Config(params RuntimeWorker[] workers) => new()
    {
        Version = 1,
        Namespace = "team",
        Workers = workers,
        KvNamespaces = [new RuntimeKvNamespace { Id = "team/hits", Name = "hits", Namespace = "team", MaxKeys = 10, MaxValueBytes = 100, MaxTotalBytes = 1000, DefaultTtlMs = 120_000 }],
    };

    [Fact]
    public async Task Load_WasmWorker_ResolvesModuleSecretsAndLimits_AndServes()
    {
        var modules = Directory.CreateDirectory(Path.Combine(_dir.FullName, "modules"));
        File.WriteAllBytes(Path.Combine(modules.FullName, Digest.Replace(':', '-') + ".wasm"), Tools.Example("c-sdk-hello", "c-sdk-hello.wasm"));
        var secret = Directory.CreateDirectory(Path.Combine(_dir.FullName, "secrets", "creds"));
        File.WriteAllText(Path.Combine(secret.FullName, "token"), "t0k3n");
        var kv = new InMemoryKvStore();

        var (workers, errors) = RuntimeConfigLoader.Load(Config(Worker("hello")), new RuntimeConfigSources(modules.FullName, Path.Combine(_dir.FullName, "secrets"), null), kv);

        Assert.Empty(errors);
        var definition = Assert.Single(workers);
        Assert.Equal("team/hello", definition.Name);
        Assert.Equal(TimeSpan.FromSeconds(2), definition.Limits.Timeout);
        Assert.Equal(32 << 20, definition.Limits.MemoryBytes);
        Assert.Equal(1024, definition.Limits.MaxRequestBodyBytes);
        Assert.Equal(4, definition.Limits.MaxConcurrency);
        Assert.Equal("t0k3n", definition.Bindings.Secrets["TOKEN"]);
        Assert.Equal("team/hits", definition.Bindings.Kv["HITS"]);
        Assert.Equal(new Wharf.NodeRuntime.Egress.EgressRule("api.example.com", 443), Assert.Single(definition.Egress));

        await kv.PutAsync("team/hits", "probe", "1"u8.ToArray());
        Assert.NotNull((await kv.GetAsync("team/hits", "probe"))!.Expiration);

        using var host = new WorkerHost(new WorkerHostOptions(), kv, new CapturingWorkerLog());
        Assert.Empty(host.Load(workers));
        Assert.Equal(["team/hello"], host.Workers);
    }

    [Fact]
    public void Load_MissingModuleOrSecret_IsErrorNamingWorker()
    {
        var (workers, errors) = RuntimeConfigLoader.Load(Config(Worker("ghost")), new RuntimeConfigSources(_dir.FullName, null, null), new InMemoryKvStore());
        Assert.Empty(workers);
        Assert.Equal("ghost", Assert.Single(errors).Worker);
    }

    [Fact]
    public void Load_JavaScriptWorkerWithoutRuntime_IsError()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, Digest.Replace(':', '-') + ".json"), "{}");
        var worker = Worker("js", WorkerRuntime.JavaScript);
        worker.Bindings.Secrets.Clear();
        var (_, errors) = RuntimeConfigLoader.Load(Config(worker), new RuntimeConfigSources(_dir.FullName, null, null), new InMemoryKvStore());
        Assert.Contains("no JavaScript runtime", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
