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
    private readonly RouteTable<T> _table;

    /// <summary>Builds the table; throws <see cref="DevConfigException"/> when two targets claim the same route.</summary>
    public DevRouter(IEnumerable<(WorkerRoute Route, T Target, string Owner)> routes)
    {
        // The host's table does the matching; this layer only names both owners of a clashing route.
        var owners = new Dictionary<(string, string), string>();
        var entries = new List<(WorkerRoute, T)>();
        foreach (var (route, target, owner) in routes)
        {
            var key = (route.Host.ToLowerInvariant(), route.PathPrefix);
            if (owners.TryGetValue(key, out var other))
            {
                throw new DevConfigException($"route {key.Item1}{route.PathPrefix} is claimed by both '{other}' and '{owner}'");
            }

            owners[key] = owner;
            entries.Add((route, target));
        }

        _table = new RouteTable<T>(entries);
    }

    public static DevRouter<T> Empty { get; } = new([]);

    public T? Match(string host, string path) => _table.Match(host, path);
}
