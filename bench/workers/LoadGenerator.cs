using System.Diagnostics;

namespace Wharf.Bench.Workers;

/// <summary>Results of one target: completed requests, their latencies and failures.</summary>
internal sealed record LoadResult(string Target, long Requests, long Errors, TimeSpan Elapsed, double P50Ms, double P99Ms, string? FirstError)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}

/// <summary>
/// Closed-loop HTTP load on loopback: <c>connections</c> workers, each with its own kept-alive connection, send
/// the next request as soon as the previous answer is read, for a fixed duration. Bounded by construction.
/// </summary>
internal sealed class LoadGenerator(int connections, TimeSpan warmup, TimeSpan duration)
{
    public async Task<LoadResult> RunAsync(string target, Uri url, Func<string, string?> check)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        // Warm-up: JIT, connection set-up and the worker's instance pool; not measured.
        await RunPhaseAsync(client, url, check, warmup, record: false).ConfigureAwait(false);
        var start = Stopwatch.GetTimestamp();
        var phases = await RunPhaseAsync(client, url, check, duration, record: true).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);

        var latencies = phases.SelectMany(p => p.Latencies).ToArray();
        Array.Sort(latencies);
        var errors = phases.Sum(p => p.Errors);
        return new LoadResult(target, latencies.Length, errors, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            phases.Select(p => p.FirstError).FirstOrDefault(e => e is not null));
    }

    private async Task<Phase[]> RunPhaseAsync(HttpClient client, Uri url, Func<string, string?> check, TimeSpan length, bool record)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var tasks = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var phase = new Phase();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    using var response = await client.GetAsync(url).ConfigureAwait(false);
                    var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    error = (int)response.StatusCode == 200 ? check(body) : $"status {(int)response.StatusCode}: {body}";
                }
                catch (HttpRequestException e)
                {
                    error = e.Message;
                }

                if (!record)
                {
                    continue;
                }

                if (error is null)
                {
                    phase.Latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                else
                {
                    phase.Errors++;
                    phase.FirstError ??= error;
                }
            }

            return phase;
        }));
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed class Phase
    {
        public List<double> Latencies { get; } = [];

        public long Errors { get; set; }

        public string? FirstError { get; set; }
    }
}
