using Wharf.Api.Runtime;
using Wharf.NodeRuntime.Config;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Kv;

// The node runtime: serves the workers of one runtime config document.
//   Wharf.NodeRuntime --config runtime.json --modules <dir> [--secrets <dir>] [--js-runtime wharf-js.wasm] [--dev true]
// Every option can also come from the environment: WHARF_CONFIG, WHARF_MODULES, WHARF_SECRETS, WHARF_JS_RUNTIME,
// WHARF_DEV; Kestrel's own settings (e.g. ASPNETCORE_URLS) apply as usual.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddEnvironmentVariables("WHARF_");
var configPath = builder.Configuration["config"];
var modules = builder.Configuration["modules"];
if (string.IsNullOrEmpty(configPath) || string.IsNullOrEmpty(modules))
{
    await Console.Error.WriteLineAsync("usage: Wharf.NodeRuntime --config <runtime.json> --modules <dir> [--secrets <dir>] [--js-runtime <wharf-js.wasm>] [--dev true]");
    return 2;
}

RuntimeConfig config;
try
{
    config = RuntimeConfigSerializer.Deserialize(await File.ReadAllTextAsync(configPath));
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
{
    await Console.Error.WriteLineAsync($"error: cannot load runtime config '{configPath}': {e.Message}");
    return 2;
}

var app = builder.Build();
var kv = new InMemoryKvStore();
var workerLog = new LoggerWorkerLog(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Wharf.Worker"));
var host = new WorkerHost(
    new WorkerHostOptions
    {
        DevMode = builder.Configuration.GetValue<bool>("dev"),
        // WHARF_CLUSTER_CIDRS (from the operator): pod, service and node CIDRs that egress treats as internal.
        InternalCidrs = (builder.Configuration["cluster-cidrs"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    },
    kv,
    workerLog,
    app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Wharf.NodeRuntime"));
var sources = new RuntimeConfigSources(modules, builder.Configuration["secrets"], builder.Configuration["js-runtime"]);
var (definitions, readErrors) = RuntimeConfigLoader.Load(config, sources, kv);
var loadErrors = host.Load(definitions);
foreach (var error in readErrors.Concat(loadErrors))
{
    await Console.Error.WriteLineAsync($"error: {error.Message}");
}

app.Lifetime.ApplicationStopped.Register(host.Dispose);
app.Run(host.HandleAsync);
await app.RunAsync();
return 0;
