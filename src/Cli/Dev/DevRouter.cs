using Wharf.NodeRuntime.Hosting;

namespace Wharf.Cli.Dev;

/// <summary>
/// Routes requests to the served projects with the node runtime's rules (docs/wharf-dev.md): the most specific
/// host wins (exact, then the longest <c>*.</c> wildcard, then <c>*</c>), then the longest path prefix; prefixes
/// match on segment boundaries. Each project has its own <see cref="WorkerHost"/> so one can reload alone. Immutable.
/// </summary>
internal sealed class DevRouter<T>
    where T : class
{
    private readonly (string Host, string Prefix, int Rank, T Target)[] _entries;

    /// <summary>Builds the table; throws <see cref="DevConfigException"/> when two targets claim the same route.</summary>
    public DevRouter(IEnumerable<(WorkerRoute Route, T Target, string Owner)> routes)
    {
        var owners = new Dictionary<(string, string), string>();
        var entries = new List<(string, string, int, T)>();
        foreach (var (route, target, owner) in routes)
        {
            var host = route.Host.ToLowerInvariant();
            if (owners.TryGetValue((host, route.PathPrefix), out var other))
            {
                throw new DevConfigException($"route {host}{route.PathPrefix} is claimed by both '{other}' and '{owner}'");
            }

            owners[(host, route.PathPrefix)] = owner;
            entries.Add((host, route.PathPrefix, Rank(host), target));
        }

        _entries = [.. entries.OrderByDescending(e => e.Item3).ThenByDescending(e => e.Item2.Length)];
    }

    public static DevRouter<T> Empty { get; } = new([]);

    public T? Match(string host, string path)
    {
        var h = StripPort(host).ToLowerInvariant();
        foreach (var (pattern, prefix, _, target) in _entries)
        {
            if (HostMatches(pattern, h) && PathMatches(prefix, path))
            {
                return target;
            }
        }

        return null;
    }

    private static int Rank(string host) =>
        host == "*" ? 0 : host.StartsWith("*.", StringComparison.Ordinal) ? host.Length : int.MaxValue;

    private static bool HostMatches(string pattern, string host) =>
        pattern == "*"
        || pattern == host
        || (pattern.StartsWith("*.", StringComparison.Ordinal) && host.Length > pattern.Length - 1 && host.EndsWith(pattern[1..], StringComparison.Ordinal));

    private static bool PathMatches(string prefix, string path) =>
        path.StartsWith(prefix, StringComparison.Ordinal)
        && (prefix.EndsWith('/') || path.Length == prefix.Length || path[prefix.Length] == '/');

    private static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? host[..(close + 1)] : host;
        }

        var colon = host.LastIndexOf(':');
        return colon >= 0 ? host[..colon] : host;
    }
}
