using Wharf.Operator.Diagnostics;

namespace Wharf.Operator.Tests.Diagnostics;

public sealed class OperatorMetricsTests
{
    [Fact]
    public void Render_CountersHistogramAndGauges_InPrometheusTextFormat()
    {
        var metrics = new OperatorMetrics();
        metrics.ObserveReconcile("tenant", "success", TimeSpan.FromMilliseconds(30));
        metrics.ObserveReconcile("tenant", "success", TimeSpan.FromSeconds(20));
        metrics.CountError("tenant", "conflict");
        metrics.CountWrite("workers", "update");
        metrics.CountResolve("Resolved");
        metrics.TrackQueue("tenant", () => 7);
        metrics.SetLeader(true);

        var text = metrics.Render();
        Assert.Contains("# TYPE wharf_operator_reconcile_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_reconcile_total{controller=\"tenant\",result=\"success\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_reconcile_errors_total{controller=\"tenant\",reason=\"conflict\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_reconcile_duration_seconds_bucket{controller=\"tenant\",le=\"0.025\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_reconcile_duration_seconds_bucket{controller=\"tenant\",le=\"0.05\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_reconcile_duration_seconds_bucket{controller=\"tenant\",le=\"10\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_reconcile_duration_seconds_bucket{controller=\"tenant\",le=\"+Inf\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_reconcile_duration_seconds_sum{controller=\"tenant\"} 20.03\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_reconcile_duration_seconds_count{controller=\"tenant\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_api_writes_total{resource=\"workers\",verb=\"update\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_registry_resolves_total{outcome=\"Resolved\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_workqueue_depth{queue=\"tenant\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("wharf_operator_leader 1\n", text, StringComparison.Ordinal);
        Assert.Equal(1, metrics.TotalWrites);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EveryNonCommentLine_IsNameLabelsValue()
    {
        var metrics = new OperatorMetrics();
        metrics.ObserveReconcile("tenant", "error", TimeSpan.FromMilliseconds(1));
        foreach (var line in metrics.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            Assert.Matches(@"^[a-z_]+(\{[a-z_]+=""[^""]*""(,[a-z_]+=""[^""]*"")*\})? [-+0-9.eEInf]+$", line);
        }
    }

    [Fact]
    public void Escape_QuotesBackslashesNewlines()
    {
        Assert.Equal("a\\\"b\\\\c\\nd", OperatorMetrics.Escape("a\"b\\c\nd"));
    }

    [Fact]
    public void Health_Readiness_FollowsSyncLeadershipAndFaults()
    {
        var health = new OperatorHealth();
        Assert.False(health.Readiness().Ok);
        Assert.True(health.Liveness().Ok);
        health.MarkSynced();
        Assert.Equal((true, "ok (standby)"), health.Readiness());
        health.SetLeading(true);
        Assert.Equal((true, "ok (leading)"), health.Readiness());
        health.MarkFaulted("boom");
        Assert.False(health.Liveness().Ok);
        Assert.False(health.Readiness().Ok);
    }
}
