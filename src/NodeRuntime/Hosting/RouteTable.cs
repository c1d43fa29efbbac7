namespace Wharf.NodeRuntime.Hosting;

/// <summary>
/// Maps (host, path) to a worker. Among the routes whose host and path prefix match, the most specific host wins
/// (exact, then the longest <c>*.</c> wildcard, then <c>*</c>), then the longest path prefix. Prefixes match on
/// segment boundaries: <c>/api</c> matches <c>/api</c> and <c>/api/x</c>, not <c>/apix</c>. Immutable.
/// </summary>
public sealed class RouteTable<T>
    where T : class
{
    private readonly (WorkerRoute Route, string Host, int HostRank, T Target)[] _entries;

    /// <summary>Builds the table; throws <see cref="ArgumentException"/> when a (host, prefix) pair appears twice.</summary>
    public RouteTable(IEnumerable<(WorkerRoute Route, T Target)> routes)
    {
        var entries = new List<(WorkerRoute, string, int, T)>();
        var seen = new HashSet<(string, string)>();
        foreach (var (route, target) in routes)
        {
            var host = route.Host.ToLowerInvariant();
            if (!seen.Add((host, route.PathPrefix)))
            {
                throw new ArgumentException($"route {route.Host}{route.PathPrefix} is defined twice");
            }

            entries.Add((route, host, Rank(host), target));
        }

        _entries = [.. entries.OrderByDescending(e => e.Item3).ThenByDescending(e => e.Item1.PathPrefix.Length)];
    }

    /// <summary>The target for a request to <paramref name="host"/> (a port is ignored) and <paramref name="path"/>, or null.</summary>
    public T? Match(string host, string path)
    {
        var h = StripPort(host).ToLowerInvariant();
        foreach (var (route, pattern, _, target) in _entries)
        {
            if (HostMatches(pattern, h) && PathMatches(route.PathPrefix, path))
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

/// <summary>Route validation shared by definitions.</summary>
internal static class RouteTable
{
    public static void ValidateRoute(string worker, WorkerRoute route)
    {
        var host = route.Host;
        if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal)
            || (host != "*" && host.Contains('*', StringComparison.Ordinal) && (!host.StartsWith("*.", StringComparison.Ordinal) || host.LastIndexOf('*') != 0)))
        {
            throw new ArgumentException($"worker '{worker}': invalid route host '{host}' (use a host name, '*.domain' or '*')");
        }

        if (string.IsNullOrEmpty(route.PathPrefix) || route.PathPrefix[0] != '/')
        {
            throw new ArgumentException($"worker '{worker}': route path prefix '{route.PathPrefix}' must start with '/'");
        }
    }
}
