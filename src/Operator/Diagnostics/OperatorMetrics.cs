using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Wharf.Operator.Diagnostics;

/// <summary>
/// The operator's Prometheus metrics, rendered by hand in the text exposition format 0.0.4
/// (<see href="https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format"/>).
/// Thread-safe; counters only grow.
/// </summary>
internal sealed class OperatorMetrics
{
    /// <summary>Upper bounds of the reconcile-duration histogram, in seconds.</summary>
    internal static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<(string Controller, string Result), long> _reconciles = new();
    private readonly ConcurrentDictionary<(string Controller, string Reason), long> _errors = new();
    private readonly ConcurrentDictionary<string, Histogram> _durations = new();
    private readonly ConcurrentDictionary<(string Resource, string Verb), long> _writes = new();
    private readonly ConcurrentDictionary<string, long> _resolves = new();
    private readonly ConcurrentDictionary<string, Func<int>> _queueDepth = new();
    private long _leader;

    /// <summary>Counts one finished reconcile and its duration.</summary>
    public void ObserveReconcile(string controller, string result, TimeSpan duration)
    {
        _reconciles.AddOrUpdate((controller, result), 1, (_, n) => n + 1);
        _durations.GetOrAdd(controller, _ => new Histogram()).Observe(duration.TotalSeconds);
    }

    /// <summary>Counts one reconcile error by a coarse reason (conflict, api, registry, internal).</summary>
    public void CountError(string controller, string reason) => _errors.AddOrUpdate((controller, reason), 1, (_, n) => n + 1);

    /// <summary>Counts one successful write to the API server.</summary>
    public void CountWrite(string resource, string verb) => _writes.AddOrUpdate((resource, verb), 1, (_, n) => n + 1);

    /// <summary>Counts one registry lookup by outcome (resolved or a failure reason).</summary>
    public void CountResolve(string outcome) => _resolves.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    /// <summary>Registers a queue whose depth is sampled at scrape time.</summary>
    public void TrackQueue(string name, Func<int> depth) => _queueDepth[name] = depth;

    /// <summary>Sets the leader gauge.</summary>
    public void SetLeader(bool leading) => Interlocked.Exchange(ref _leader, leading ? 1 : 0);

    /// <summary>Total writes so far (all resources and verbs).</summary>
    public long TotalWrites => _writes.Values.Sum();

    /// <summary>Reconciles so far with the given result.</summary>
    public long Reconciles(string controller, string result) => _reconciles.GetValueOrDefault((controller, result));

    /// <summary>Renders every metric.</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        Header(sb, "wharf_operator_reconcile_total", "counter", "Reconciles by controller and result.");
        foreach (var ((controller, result), n) in _reconciles.OrderBy(p => p.Key))
        {
            Line(sb, "wharf_operator_reconcile_total", $"controller=\"{Escape(controller)}\",result=\"{Escape(result)}\"", n);
        }

        Header(sb, "wharf_operator_reconcile_errors_total", "counter", "Failed reconciles by controller and reason.");
        foreach (var ((controller, reason), n) in _errors.OrderBy(p => p.Key))
        {
            Line(sb, "wharf_operator_reconcile_errors_total", $"controller=\"{Escape(controller)}\",reason=\"{Escape(reason)}\"", n);
        }

        Header(sb, "wharf_operator_reconcile_duration_seconds", "histogram", "Time spent in one reconcile.");
        foreach (var (controller, histogram) in _durations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            histogram.Render(sb, "wharf_operator_reconcile_duration_seconds", $"controller=\"{Escape(controller)}\"");
        }

        Header(sb, "wharf_operator_api_writes_total", "counter", "Successful writes to the API server by resource and verb.");
        foreach (var ((resource, verb), n) in _writes.OrderBy(p => p.Key))
        {
            Line(sb, "wharf_operator_api_writes_total", $"resource=\"{Escape(resource)}\",verb=\"{Escape(verb)}\"", n);
        }

        Header(sb, "wharf_operator_registry_resolves_total", "counter", "Module digest lookups by outcome.");
        foreach (var (outcome, n) in _resolves.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Line(sb, "wharf_operator_registry_resolves_total", $"outcome=\"{Escape(outcome)}\"", n);
        }

        Header(sb, "wharf_operator_workqueue_depth", "gauge", "Items waiting in a work queue.");
        foreach (var (queue, depth) in _queueDepth.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Line(sb, "wharf_operator_workqueue_depth", $"queue=\"{Escape(queue)}\"", depth());
        }

        Header(sb, "wharf_operator_leader", "gauge", "1 while this replica holds the leader lease.");
        sb.Append("wharf_operator_leader ").Append(Interlocked.Read(ref _leader)).Append('\n');

        Header(sb, "process_resident_memory_bytes", "gauge", "Resident memory (working set) of the process.");
        sb.Append("process_resident_memory_bytes ").Append(Environment.WorkingSet).Append('\n');
        Header(sb, "dotnet_gc_heap_size_bytes", "gauge", "Managed heap size after the last garbage collection.");
        sb.Append("dotnet_gc_heap_size_bytes ").Append(GC.GetGCMemoryInfo().HeapSizeBytes).Append('\n');
        Header(sb, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since start.");
        sb.Append("dotnet_gc_allocated_bytes_total ").Append(GC.GetTotalAllocatedBytes()).Append('\n');
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
          .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder sb, string name, string labels, double value) =>
        sb.Append(name).Append('{').Append(labels).Append("} ").Append(Format(value)).Append('\n');

    internal static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Label values escape backslash, double quote and newline.</summary>
    internal static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Histogram
    {
        private readonly long[] _counts = new long[DurationBuckets.Length];
        private readonly Lock _gate = new();
        private long _count;
        private double _sum;

        public void Observe(double seconds)
        {
            lock (_gate)
            {
                for (var i = 0; i < DurationBuckets.Length; i++)
                {
                    if (seconds <= DurationBuckets[i])
                    {
                        _counts[i]++;
                    }
                }

                _count++;
                _sum += seconds;
            }
        }

        public void Render(StringBuilder sb, string name, string labels)
        {
            lock (_gate)
            {
                for (var i = 0; i < DurationBuckets.Length; i++)
                {
                    Line(sb, name + "_bucket", $"{labels},le=\"{Format(DurationBuckets[i])}\"", _counts[i]);
                }

                Line(sb, name + "_bucket", $"{labels},le=\"+Inf\"", _count);
                Line(sb, name + "_sum", labels, _sum);
                Line(sb, name + "_count", labels, _count);
            }
        }
    }
}
