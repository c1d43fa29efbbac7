using k8s;
using k8s.Models;
using Wharf.Kube.Fake;
using Wharf.Kube.LeaderElection;
using Wharf.Kube.Tests.Support;

namespace Wharf.Kube.Tests.LeaderElection;

public sealed class LeaderElectorTests(FakeKubeServerFixture fixture) : IClassFixture<FakeKubeServerFixture>, IDisposable
{
    private readonly Kubernetes _client = FakeApi.Client(fixture.Server);
    private readonly string _lease = $"lease-{Guid.NewGuid():N}"[..16];

    public void Dispose() => _client.Dispose();

    private LeaderElectionOptions Options(string identity) => new()
    {
        LeaseName = _lease,
        Namespace = "le",
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(1),
        RenewDeadline = TimeSpan.FromMilliseconds(600),
        RetryPeriod = TimeSpan.FromMilliseconds(150),
    };

    /// <summary>A running candidate whose leader work waits for cancellation.</summary>
    private sealed class Candidate : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public Candidate(LeaderElector elector)
        {
            Elector = elector;
            Run = elector.RunAsync(
                async ct =>
                {
                    Led = true;
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    finally
                    {
                        WorkStopped = true;
                    }
                },
                _stop.Token);
        }

        public LeaderElector Elector { get; }

        public Task Run { get; }

        public volatile bool Led;

        public volatile bool WorkStopped;

        public Task StopAsync()
        {
            _stop.Cancel();
            return Run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task RunAsync_TwoCandidates_ExactlyOneLeads()
    {
        // Generous timings: on a loaded 2-core machine a stalled leader legitimately loses a 1 s lease.
        LeaderElectionOptions Slow(string id) => Options(id) with
        {
            LeaseDuration = TimeSpan.FromSeconds(5),
            RenewDeadline = TimeSpan.FromSeconds(4),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        };
        using var a = new Candidate(new LeaderElector(_client, Slow("a")));
        using var b = new Candidate(new LeaderElector(_client, Slow("b")));

        await FakeApi.EventuallyAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, "a leader");
        var leader = a.Elector.IsLeader ? a : b;
        var firstRenew = (await _client.CoordinationV1.ReadNamespacedLeaseAsync(_lease, "le")).Spec!.RenewTime;
        for (var i = 0; i < 15; i++)
        {
            Assert.False(a.Elector.IsLeader && b.Elector.IsLeader, "two leaders at once");
            Assert.True(leader.Elector.IsLeader, "leadership changed without a reason");
            await Task.Delay(100);
        }

        var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_lease, "le");
        Assert.Equal(leader == a ? "a" : "b", lease.Spec!.HolderIdentity);
        Assert.Equal(5, lease.Spec.LeaseDurationSeconds);
        Assert.True(lease.Spec.RenewTime > firstRenew, "the leader keeps renewing");
        Assert.Equal(leader == a ? "a" : "b", (leader == a ? b : a).Elector.CurrentLeader);
        Assert.True(leader.Led);
    }

    [Fact]
    public async Task RunAsync_LeaderStops_ReleasesAndOtherTakesOverBeforeExpiry()
    {
        // A 30 s lease: without the release on shutdown, b could not take over within the test's 10 s.
        LeaderElectionOptions Long(string id) => Options(id) with
        {
            LeaseDuration = TimeSpan.FromSeconds(30),
            RenewDeadline = TimeSpan.FromSeconds(20),
            RetryPeriod = TimeSpan.FromMilliseconds(150),
        };
        using var a = new Candidate(new LeaderElector(_client, Long("a")));
        await FakeApi.EventuallyAsync(() => a.Elector.IsLeader, "a leads");
        using var b = new Candidate(new LeaderElector(_client, Long("b")));
        await Task.Delay(300);
        Assert.False(b.Elector.IsLeader);

        await a.StopAsync();

        Assert.True(a.WorkStopped);
        Assert.False(a.Elector.IsLeader);
        await FakeApi.EventuallyAsync(() => b.Elector.IsLeader, "b takes over");
        var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_lease, "le");
        Assert.Equal("b", lease.Spec!.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.Equal(30, lease.Spec.LeaseDurationSeconds);
    }

    [Fact]
    public async Task RunAsync_LeaseHeldByDeadHolder_TakenOverAfterExpiry()
    {
        var now = DateTime.UtcNow;
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = V1Lease.KubeKind,
                Metadata = new V1ObjectMeta { Name = _lease, NamespaceProperty = "le" },
                Spec = new V1LeaseSpec { HolderIdentity = "ghost", LeaseDurationSeconds = 1, AcquireTime = now, RenewTime = now, LeaseTransitions = 4 },
            },
            "le");
        var started = DateTime.UtcNow;

        using var a = new Candidate(new LeaderElector(_client, Options("a")));
        await Task.Delay(300);
        Assert.False(a.Elector.IsLeader);
        Assert.Equal("ghost", a.Elector.CurrentLeader);
        await FakeApi.EventuallyAsync(() => a.Elector.IsLeader, "takeover");

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9));
        var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_lease, "le");
        Assert.Equal("a", lease.Spec!.HolderIdentity);
        Assert.Equal(5, lease.Spec.LeaseTransitions);
    }

    [Fact]
    public async Task RunAsync_RenewalsFail_StepsDownAfterRenewDeadline()
    {
        using var a = new Candidate(new LeaderElector(_client, Options("a")));
        await FakeApi.EventuallyAsync(() => a.Elector.IsLeader, "a leads");

        fixture.Server.Faults.FailNext(1000, 500, r => r.Resource == "leases" && r.Name == _lease);

        await a.Run.WaitAsync(TimeSpan.FromSeconds(5));
        fixture.Server.Faults.Clear();
        Assert.False(a.Elector.IsLeader);
        Assert.True(a.WorkStopped);
    }

    [Fact]
    public void Constructor_InvalidTimings_ListsProblems()
    {
        var options = Options("a") with { LeaseDuration = TimeSpan.FromMilliseconds(500), RenewDeadline = TimeSpan.FromSeconds(1), Identity = "" };

        var ex = Assert.Throws<ArgumentException>(() => new LeaderElector(_client, options));

        Assert.Contains("identity", ex.Message, StringComparison.Ordinal);
        Assert.Contains("greater than the renew deadline", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at least one second", ex.Message, StringComparison.Ordinal);
    }
}
