using System.Diagnostics;
using System.Globalization;
using Wharf.Api;
using Wharf.Api.Workers;
using k8s;
using k8s.Models;
using Wharf.Kube.Fake;
using Wharf.Kube.Resources;

// Reconciles WORKERS Workers spread over NAMESPACES namespaces with the real operator process against the fake API
// server, and prints the time to converge and the operator's memory. The operator runs as a child process
// (`dotnet Wharf.Operator.dll`), so its memory is measured apart from the fake server's.
// Usage: Wharf.Operator.Bench [--workers=1000] [--namespaces=50] [--timeout=300]
var workers = Arg("workers", 1000);
var namespaces = Arg("namespaces", 50);
var timeout = TimeSpan.FromSeconds(Arg("timeout", 300));

await using var server = await FakeKubeServer.StartAsync();
var kubeconfig = Path.Combine(Path.GetTempPath(), $"wharf-bench-{Environment.ProcessId}.kubeconfig");
await File.WriteAllTextAsync(kubeconfig, $"""
    apiVersion: v1
    kind: Config
    clusters:
      - name: fake
        cluster:
          server: {server.BaseAddress.ToString().TrimEnd('/')}
    users:
      - name: bench
        user: {"{ token: bench }"}
    contexts:
      - name: fake
        context: {"{ cluster: fake, user: bench }"}
    current-context: fake
    """);

var operatorDll = Path.Combine(AppContext.BaseDirectory, "Wharf.Operator.dll");
var port = FreePort();
var start = new ProcessStartInfo("dotnet", [operatorDll, $"--kubeconfig={kubeconfig}", "--namespace=wharf-system", "--identity=bench",
    "--node-runtime-image=ghcr.io/wharf/runtime:bench", $"--listen=http://127.0.0.1:{port}", "--concurrency=4"])
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    UseShellExecute = false,
};
start.Environment["Logging__LogLevel__Default"] = "Warning";
using var op = Process.Start(start) ?? throw new InvalidOperationException("cannot start the operator");
op.OutputDataReceived += (_, _) => { };
op.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("operator: " + e.Data); } };
op.BeginOutputReadLine();
op.BeginErrorReadLine();
using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
try
{
    await WaitAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "operator ready");
    var idle = await ScrapeAsync(http);

    using var kube = new Kubernetes(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString(), HttpClientTimeout = TimeSpan.FromSeconds(60) });
    var (group, version, plural) = (WharfApi.Workers.Group, WharfApi.Workers.Version, WharfApi.Workers.Plural);
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, workers), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
    {
        var ns = $"tenant-{i % namespaces:D2}";
        var digest = "sha256:" + i.ToString("x64", CultureInfo.InvariantCulture);
        await kube.CustomObjects.CreateNamespacedCustomObjectAsync(new Worker
        {
            Metadata = new V1ObjectMeta { Name = $"worker-{i:D4}", NamespaceProperty = ns },
            Spec = new WorkerSpec
            {
                Module = new WorkerModule { Image = $"registry.example.com/{ns}/w{i}@{digest}", Runtime = WorkerRuntime.Wasm },
                Routes = [new WorkerRoute { Host = $"w{i}.{ns}.example.com" }],
            },
        }, group, version, ns, plural, cancellationToken: ct);
    });
    var created = clock.Elapsed;

    // Converged: every worker's status describes its generation and every tenant's runtime config serves its workers.
    var perTenant = workers / namespaces;
    await WaitAsync(async () =>
    {
        var list = await kube.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<Worker>>(group, version, plural);
        if (list.Items.Count(w => w.Status?.ObservedGeneration == w.Metadata.Generation && w.Status?.Conditions?.Count == 4) < workers)
        {
            return false;
        }

        var configs = await kube.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: "app.kubernetes.io/managed-by=wharf-operator");
        return configs.Items.Count == namespaces && configs.Items.All(c =>
            Wharf.Api.Runtime.RuntimeConfigSerializer.Deserialize(c.Data!["runtime.json"]).Workers.Count >= perTenant);
    }, timeout, "convergence");
    var converged = clock.Elapsed;

    var busy = await ScrapeAsync(http);
    // Operator writes only: neither the bench's own creates nor lease renewals.
    var writes = server.Requests.Count(r => r.Request.IsWrite && r.Request.Resource != "leases" && !(r.Request.Resource == "workers" && r.Request.Verb == "create"));
    Console.WriteLine($"operator bench: {workers} workers in {namespaces} namespaces");
    Console.WriteLine($"  created in            {created.TotalSeconds,8:F2} s");
    Console.WriteLine($"  converged after       {converged.TotalSeconds,8:F2} s  ({workers / converged.TotalSeconds:F0} workers/s)");
    Console.WriteLine($"  reconciles            {Metric(busy, "wharf_operator_reconcile_total{controller=\"tenant\",result=\"success\"}"),8:F0} successful, {Metric(busy, "wharf_operator_reconcile_total{controller=\"tenant\",result=\"error\"}"),0:F0} failed");
    Console.WriteLine($"  API writes            {writes,8} ({(double)writes / workers:F2} per worker)");
    Console.WriteLine($"  GC heap               {Metric(idle, "dotnet_gc_heap_size_bytes") / 1048576,8:F1} MiB idle -> {Metric(busy, "dotnet_gc_heap_size_bytes") / 1048576:F1} MiB converged");
    Console.WriteLine($"  working set           {Metric(idle, "process_resident_memory_bytes") / 1048576,8:F1} MiB idle -> {Metric(busy, "process_resident_memory_bytes") / 1048576:F1} MiB converged");
    return 0;
}
finally
{
    if (!op.HasExited)
    {
        op.Kill(entireProcessTree: true);
        await op.WaitForExitAsync();
    }

    File.Delete(kubeconfig);
}

static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient http)
{
    var text = await http.GetStringAsync("/metrics");
    return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#'))
        .Select(l => (Name: l[..l.LastIndexOf(' ')], Value: double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))
        .ToDictionary(p => p.Name, p => p.Value);
}

static double Metric(Dictionary<string, double> metrics, string name) => metrics.GetValueOrDefault(name);

static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
{
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        try
        {
            if (await condition())
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // Not up yet.
        }

        if (deadline.Elapsed > timeout)
        {
            throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}");
        }

        await Task.Delay(500);
    }
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

int Arg(string name, int fallback) =>
    args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal)) is { } a ? int.Parse(a[(name.Length + 3)..], CultureInfo.InvariantCulture) : fallback;
