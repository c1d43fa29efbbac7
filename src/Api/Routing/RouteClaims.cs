namespace Wharf.Api.Routing;

/// <summary>A route as the ingress matches it: a lower-case host (or <c>*.</c> wildcard) and a path prefix.</summary>
/// <param name="Host">Host name or wildcard, lower case.</param>
/// <param name="PathPrefix">Path prefix starting with <c>/</c>.</param>
public readonly record struct RouteKey(string Host, string PathPrefix)
{
    /// <summary>The key of a spec route: host lower-cased, an absent prefix defaulted to <c>/</c>.</summary>
    public static RouteKey Of(string host, string? pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new(host.ToLowerInvariant(), string.IsNullOrEmpty(pathPrefix) ? Workers.WorkerDefaults.PathPrefix : pathPrefix);
    }

    /// <summary><c>host/prefix</c>, as users write it.</summary>
    public override string ToString() => Host + PathPrefix;
}

/// <summary>A worker that claims routes.</summary>
/// <param name="Namespace">The worker's namespace (its tenant).</param>
/// <param name="Name">The worker's name.</param>
/// <param name="Created">Its <c>metadata.creationTimestamp</c>; null sorts after every known time.</param>
/// <param name="Routes">The routes of its spec.</param>
public sealed record RouteClaimant(string Namespace, string Name, DateTimeOffset? Created, IReadOnlyList<RouteKey> Routes)
{
    /// <summary><c>namespace/name</c>.</summary>
    public string Id => Namespace + "/" + Name;
}

/// <summary>A route a worker does not get because an earlier claimant holds it.</summary>
/// <param name="Route">The contested route.</param>
/// <param name="WinnerNamespace">Namespace of the worker that serves it.</param>
/// <param name="WinnerName">Name of the worker that serves it.</param>
public sealed record RouteLoss(RouteKey Route, string WinnerNamespace, string WinnerName);

/// <summary>The <see cref="Workers.WorkerConditions.RouteAccepted"/> condition's content.</summary>
/// <param name="Accepted">Whether every route of the worker is served by it.</param>
/// <param name="Reason">CamelCase reason.</param>
/// <param name="Message">What happened, naming the winners of lost routes.</param>
public sealed record RouteAcceptance(bool Accepted, string Reason, string Message);

/// <summary>
/// Resolves routes claimed by several workers (of any tenants). One pure function shared by the ingress (which serves
/// only the winners) and the operator (which reports losses in the losing Worker's status), so both always agree.
/// The same (host, prefix) pair goes to the oldest worker (<c>creationTimestamp</c>), ties broken by namespace then
/// name (ordinal) — the rule Gateway API uses for conflicting routes. Different prefixes or an exact host beside a
/// wildcard are not conflicts: the most specific match wins per request.
/// </summary>
public static class RouteClaims
{
    /// <summary>Reason of an accepted worker.</summary>
    public const string AcceptedReason = "Accepted";

    /// <summary>Reason of a worker that lost at least one route.</summary>
    public const string ConflictReason = "RouteConflict";

    /// <summary>Losses per claimant id (<c>namespace/name</c>); claimants that lost nothing are absent.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<RouteLoss>> Resolve(IEnumerable<RouteClaimant> claimants)
    {
        ArgumentNullException.ThrowIfNull(claimants);
        var owners = new Dictionary<RouteKey, RouteClaimant>();
        var losses = new Dictionary<string, IReadOnlyList<RouteLoss>>(StringComparer.Ordinal);
        foreach (var claimant in claimants.OrderBy(c => c, Precedence.Instance))
        {
            List<RouteLoss>? lost = null;
            foreach (var route in claimant.Routes.Distinct())
            {
                if (owners.TryGetValue(route, out var owner) && owner.Id != claimant.Id)
                {
                    (lost ??= []).Add(new RouteLoss(route, owner.Namespace, owner.Name));
                }
                else
                {
                    owners[route] = claimant;
                }
            }

            if (lost is not null)
            {
                losses[claimant.Id] = lost;
            }
        }

        return losses;
    }

    /// <summary>
    /// The losses <paramref name="candidate"/> would have among the workers that currently hold routes
    /// (<paramref name="served"/>; the candidate itself may or may not be among them).
    /// </summary>
    public static IReadOnlyList<RouteLoss> LossesOf(RouteClaimant candidate, IEnumerable<RouteClaimant> served)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(served);
        var all = served.Where(c => c.Id != candidate.Id).Append(candidate);
        return Resolve(all).TryGetValue(candidate.Id, out var lost) ? lost : [];
    }

    /// <summary>The condition content for a worker with <paramref name="losses"/>.</summary>
    public static RouteAcceptance Acceptance(IReadOnlyList<RouteLoss> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        if (losses.Count == 0)
        {
            return new RouteAcceptance(true, AcceptedReason, "every route is served by this worker");
        }

        var parts = losses.Select(l => $"{l.Route} is served by worker {l.WinnerNamespace}/{l.WinnerName}");
        return new RouteAcceptance(false, ConflictReason,
            string.Join("; ", parts) + " (the oldest worker keeps a contested route; other routes of this worker are served)");
    }

    private sealed class Precedence : IComparer<RouteClaimant>
    {
        public static readonly Precedence Instance = new();

        public int Compare(RouteClaimant? x, RouteClaimant? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byTime = (x.Created ?? DateTimeOffset.MaxValue).CompareTo(y.Created ?? DateTimeOffset.MaxValue);
            if (byTime != 0)
            {
                return byTime;
            }

            var byNamespace = string.CompareOrdinal(x.Namespace, y.Namespace);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.Name, y.Name);
        }
    }
}
