using System.Globalization;
using Wharf.Bench.Workers;

// Requests/second and p50/p99 latency of the hello workers through WorkerHost + Kestrel, beside the same handlers
// written directly against Kestrel (the reference). Loopback only, fixed duration per target, stops by itself.
//   Wharf.Bench.Workers [--duration 5] [--warmup 1] [--connections 8] [--repo PATH]
var options = Options.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync("usage: Wharf.Bench.Workers [--duration SECONDS] [--warmup SECONDS] [--connections N] [--repo PATH]");
    return 2;
}

var jsRuntime = Path.Join(options.Repo, "runtimes", "quickjs", "build", "wharf-js.wasm");
foreach (var required in new[] { jsRuntime, Path.Join(options.Repo, "examples", "c-sdk-hello", "build", "c-sdk-hello.wasm"), Path.Join(options.Repo, "examples", "wagi-hello", "build", "wagi-hello.wasm") })
{
    if (!File.Exists(required))
    {
        await Console.Error.WriteLineAsync($"bench: {required} is missing (bench/workers/run.sh builds it)");
        return 2;
    }
}

var (workers, workersAddress) = await Servers.StartWorkerHostAsync(options.Repo, jsRuntime);
var (reference, referenceAddress) = await Servers.StartReferenceAsync();
var load = new LoadGenerator(options.Connections, options.Warmup, options.Duration);
Console.WriteLine($"workers over HTTP: {options.Connections} connections, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per target, loopback, "
    + $"{Environment.ProcessorCount} CPUs (load generator in the same process)");

string? Expect(string body, string text) => body.Contains(text, StringComparison.Ordinal) ? null : $"unexpected body: {body}";
var cases = new (string Name, string Path, Func<string, string?> Check)[]
{
    ("hello JS (hello-js, wharf-js.wasm)", "/hello", b => b == Servers.Greeting + "\n" ? null : $"unexpected body: {b}"),
    ("hello C SDK (c-sdk-hello.wasm)", "/c-hello", b => Expect(b, "\"hits\":")),
    ("hello WAGI (wagi-hello.wasm)", "/wagi/x", b => Expect(b, "hello from WAGI")),
};

var rows = new List<(LoadResult Worker, LoadResult Reference)>();
try
{
    foreach (var (name, path, check) in cases)
    {
        var worker = await load.RunAsync(name, new Uri(workersAddress, path), check);
        var direct = await load.RunAsync("  reference: same handler on Kestrel", new Uri(referenceAddress, path), check);
        rows.Add((worker, direct));
    }
}
finally
{
    await workers.StopAsync();
    await reference.StopAsync();
}

var f = CultureInfo.InvariantCulture;
Console.WriteLine();
Console.WriteLine($"{"target",-38} {"req/s",10} {"p50 ms",9} {"p99 ms",9} {"errors",7}   {"vs reference",-28}");
Console.WriteLine($"{new string('-', 38)} {new string('-', 10)} {new string('-', 9)} {new string('-', 9)} {new string('-', 7)}   {new string('-', 28)}");
var status = 0;
foreach (var (worker, direct) in rows)
{
    var ratio = string.Format(f, "{0:0.000}x req/s, {1:0.0}x p50", worker.RequestsPerSecond / direct.RequestsPerSecond, worker.P50Ms / direct.P50Ms);
    Print(worker, ratio);
    Print(direct, "");
    foreach (var r in new[] { worker, direct })
    {
        if (r.Errors > 0 || r.Requests == 0)
        {
            Console.Error.WriteLine($"bench: {r.Target.Trim()}: {r.Errors} failed requests; first: {r.FirstError}");
            status = 1;
        }
    }
}

return status;

void Print(LoadResult r, string ratio) =>
    Console.WriteLine(string.Format(f, "{0,-38} {1,10:0} {2,9:0.00} {3,9:0.00} {4,7}   {5}", r.Target, r.RequestsPerSecond, r.P50Ms, r.P99Ms, r.Errors, ratio));

/// <summary>Command-line settings.</summary>
internal sealed record Options(TimeSpan Duration, TimeSpan Warmup, int Connections, string Repo)
{
    public static Options? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        double Seconds(string key, double fallback) =>
            values.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : fallback;
        var connections = values.TryGetValue("connections", out var c) && int.TryParse(c, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 8;
        var repo = values.TryGetValue("repo", out var r) ? r : FindRepo();
        if (values.Keys.Except(["duration", "warmup", "connections", "repo"]).Any() || repo is null)
        {
            return null;
        }

        return new Options(TimeSpan.FromSeconds(Seconds("duration", 5)), TimeSpan.FromSeconds(Seconds("warmup", 1)), connections, Path.GetFullPath(repo));
    }

    private static string? FindRepo()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
