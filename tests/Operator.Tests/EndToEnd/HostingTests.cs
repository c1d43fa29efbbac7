using k8s;
using System.Net;
using Wharf.Api.Workers;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.EndToEnd;

/// <summary>Probes, metrics and leader election of the operator host.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task TwoReplicas_OneLeads_StandbyReady_TakesOverWhenLeaderStops()
    {
        await using var h = await OperatorHarness.StartAsync();
        var first = await h.StartOperatorAsync(OperatorHarness.DefaultOptions("op-a"));
        await Eventually.UntilAsync(async () => (await KubeCalls.OrNull(h.User.CoordinationV1.ReadNamespacedLeaseAsync("wharf-operator-leader", "wharf-system")))?.Spec?.HolderIdentity == "op-a",
            "op-a holds the lease");
        var second = await h.StartOperatorAsync(OperatorHarness.DefaultOptions("op-b"));
        using var http = new HttpClient();
        var secondUrl = second.Urls.First();
        await Eventually.UntilAsync(async () => (await http.GetAsync(secondUrl + "/readyz")).StatusCode == HttpStatusCode.OK, "standby ready");
        Assert.Equal("ok (standby)", await http.GetStringAsync(secondUrl + "/readyz"));
        Assert.Contains("wharf_operator_leader 0", await http.GetStringAsync(secondUrl + "/metrics"), StringComparison.Ordinal);
        Assert.Contains("wharf_operator_leader 1", await http.GetStringAsync(h.OperatorAddress + "metrics"), StringComparison.Ordinal);

        await h.StopOperatorAsync(first); // Releases the lease on shutdown.
        await Eventually.UntilAsync(async () => (await KubeCalls.OrNull(h.User.CoordinationV1.ReadNamespacedLeaseAsync("wharf-operator-leader", "wharf-system")))?.Spec?.HolderIdentity == "op-b",
            "op-b takes over");
        await h.CreateWorkerAsync(OperatorHarness.NewWorker("failover", "w", "registry.example.com/t/w@" + OperatorHarness.Digest('7')));
        await h.WaitForConditionAsync("failover", "w", WorkerConditions.Ready, "False", "NoNodes");
        Assert.Equal("ok (leading)", await http.GetStringAsync(secondUrl + "/readyz"));
    }

    [Fact]
    public async Task Endpoints_HealthzReadyzMetrics_ServeTextFormats()
    {
        await using var h = await OperatorHarness.StartAsync();
        await h.StartOperatorAsync(OperatorHarness.DefaultOptions() with { LeaderElection = false });
        using var http = new HttpClient { BaseAddress = h.OperatorAddress };
        await Eventually.UntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "ready");
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        await h.CreateWorkerAsync(OperatorHarness.NewWorker("metrics", "w", "registry.example.com/t/w@" + OperatorHarness.Digest('6')));
        await h.WaitForConditionAsync("metrics", "w", WorkerConditions.Ready, "False", "NoNodes");

        // The status becomes visible before the reconcile that wrote it is counted: poll the scrape.
        await Eventually.UntilAsync(async () => (await http.GetStringAsync("/metrics")).Contains(
            "wharf_operator_reconcile_total{controller=\"tenant\",result=\"success\"}", StringComparison.Ordinal), "a successful reconcile counted");
        using var response = await http.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE wharf_operator_reconcile_total counter", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_reconcile_duration_seconds_bucket{controller=\"tenant\",le=\"+Inf\"}", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_workqueue_depth{queue=\"tenant\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_api_writes_total{resource=\"daemonsets\",verb=\"apply\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_leader 1\n", text, StringComparison.Ordinal);
    }
}
