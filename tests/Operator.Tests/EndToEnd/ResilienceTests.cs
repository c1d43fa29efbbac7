using Wharf.Api.Workers;
using Wharf.Kube.Fake;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.EndToEnd;

/// <summary>Faults on the API server (409, 500, 410, dropped watches) and the no-hot-loop guarantee.</summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task ApiFaults_ConflictsErrorsExpiredAndDroppedWatches_OperatorConverges()
    {
        await using var h = await OperatorHarness.StartAsync();
        var server = h.Server;
        server.Faults.FailNext(4, 409, r => r.Resource == "workers" && r.Subresource == "status");
        server.Faults.FailNext(4, 500, r => r.Verb == "apply");
        server.Faults.FailNext(2, 500, r => r.Resource == "workers" && r.Verb == "patch");
        await h.StartOperatorAsync();
        const string ns = "faults";
        for (var i = 0; i < 4; i++)
        {
            await h.CreateWorkerAsync(OperatorHarness.NewWorker(ns, $"w{i}", $"registry.example.com/t/w{i}@{OperatorHarness.Digest((char)('a' + i))}", $"w{i}.example.com"));
        }

        // Mid-flight: expire the watch history, make the next watches fail with 410, and cut every open watch.
        server.Compact();
        server.Faults.FailNext(2, 410, r => r.Verb == "watch");
        server.DropWatches(abort: true);
        for (var i = 4; i < 6; i++)
        {
            await h.CreateWorkerAsync(OperatorHarness.NewWorker(ns, $"w{i}", $"registry.example.com/t/w{i}@{OperatorHarness.Digest((char)('a' + i))}", $"w{i}.example.com"));
        }

        server.DropWatches(abort: false);
        for (var i = 0; i < 6; i++)
        {
            await h.WaitForConditionAsync(ns, $"w{i}", WorkerConditions.Ready, "False", "NoNodes", TimeSpan.FromSeconds(30));
        }

        await Eventually.UntilAsync(async () => (await h.GetRuntimeConfigAsync(ns))?.Workers.Count == 6, "all six workers published");
        Assert.True(server.Requests.Count(r => r.Injected) >= 10, "the injected faults were hit");
        Assert.Contains("wharf_operator_reconcile_errors_total{controller=\"tenant\"", h.Metrics().Render(), StringComparison.Ordinal);

        // The server changes under the operator's feet once more: a status write conflict on a spec change.
        server.Faults.FailNext(1, 409, r => r.Resource == "workers" && r.Subresource == "status");
        await h.Workers.MergePatchAsync("w0", System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"limits":{"memory":"16Mi"}}}""")!, ns);
        var w0 = await h.WaitForConditionAsync(ns, "w0", WorkerConditions.Ready, "False", "NoNodes");
        Assert.Equal(2, w0.Status!.ObservedGeneration);
    }

    [Fact]
    public async Task Converged_NoFurtherWrites_StatusWritesDoNotRetrigger()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync();
        const string ns = "hotloop";
        for (var i = 0; i < 5; i++)
        {
            await h.CreateWorkerAsync(OperatorHarness.NewWorker(ns, $"w{i}", $"registry.example.com/t/w{i}@{OperatorHarness.Digest((char)('a' + i))}", $"w{i}.example.com"));
        }

        for (var i = 0; i < 5; i++)
        {
            await h.WaitForConditionAsync(ns, $"w{i}", WorkerConditions.Ready, "False", "NoNodes");
        }

        await h.SetDaemonSetStatusAsync(ns, desired: 2, ready: 2);
        for (var i = 0; i < 5; i++)
        {
            await h.WaitForConditionAsync(ns, $"w{i}", WorkerConditions.Ready, "True");
        }

        // Quiescence: let in-flight events settle, then nothing may be written for a while.
        var settled = await SettledWritesAsync(h.Server);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var later = Writes(h.Server);
        Assert.True(settled == later, $"writes went on after convergence: {settled} -> {later}: {string.Join(", ", Recent(h.Server, settled))}");

        for (var i = 0; i < 5; i++)
        {
            // The user's create, then the finalizer patch and at most one status write per outcome (NoNodes, then
            // Serving; one fewer when a stale-cache conflict made the first attempt fail and the retry saw the final state).
            var writes = h.Server.Requests.WritesTo("workers", ns, $"w{i}");
            Assert.True(writes is 3 or 4, $"w{i}: {writes} writes: " + string.Join(", ", h.Server.Requests.Snapshot()
                .Where(r => r.Request.IsWrite && r.Request.Name == $"w{i}").Select(r => $"{r.Request.Verb} {r.Request.Subresource} {r.StatusCode}")));
        }

        Assert.InRange(h.Server.Requests.WritesTo("configmaps", ns, "wharf-runtime"), 1, 5);
    }

    [Fact]
    public async Task Restart_AfterConvergence_NewProcessRewritesNothingButItsRbacCache()
    {
        await using var h = await OperatorHarness.StartAsync();
        var first = await h.StartOperatorAsync();
        const string ns = "restart";
        for (var i = 0; i < 3; i++)
        {
            await h.CreateWorkerAsync(OperatorHarness.NewWorker(ns, $"w{i}", $"registry.example.com/t/w{i}@{OperatorHarness.Digest((char)('a' + i))}", $"w{i}.example.com"));
        }

        for (var i = 0; i < 3; i++)
        {
            await h.WaitForConditionAsync(ns, $"w{i}", WorkerConditions.Ready, "False", "NoNodes");
        }

        await SettledWritesAsync(h.Server);
        await h.StopOperatorAsync(first);
        var before = h.Server.Requests.Snapshot().Count;
        var second = await h.StartOperatorAsync();
        await Eventually.UntilAsync(() => Task.FromResult(h.Metrics(second).Reconciles("tenant", "success") >= 1), "the new process reconciled the tenant");
        await SettledWritesAsync(h.Server);

        // Level-triggered and idempotent: statuses, finalizers, ConfigMap, DaemonSet and Service are already right.
        // Only the RBAC objects are applied once more, because their applied-state cache lives in memory.
        var writes = h.Server.Requests.Snapshot().Skip(before)
            .Where(r => r.Request.IsWrite && r.Request.Resource is not "leases" and not "events")
            .Select(r => r.Request.Resource).Order().ToList();
        Assert.Equal(["rolebindings", "roles", "serviceaccounts"], writes);
    }

    private static int Writes(FakeKubeServer server) =>
        server.Requests.Count(r => r.Request.IsWrite && r.Request.Resource is not "leases" && r.Request.Resource is not "events");

    private static async Task<int> SettledWritesAsync(FakeKubeServer server)
    {
        var last = -1;
        await Eventually.UntilAsync(async () =>
        {
            var now = Writes(server);
            var stable = now == last;
            last = now;
            await Task.Delay(300);
            return stable;
        }, "writes settle");
        return last;
    }

    private static IEnumerable<string> Recent(FakeKubeServer server, int skip) =>
        server.Requests.Snapshot().Where(r => r.Request.IsWrite && r.Request.Resource is not "leases" and not "events")
            .Skip(skip).Select(r => $"{r.Request.Verb} {r.Request.Resource}/{r.Request.Name} {r.Request.Subresource}");
}
