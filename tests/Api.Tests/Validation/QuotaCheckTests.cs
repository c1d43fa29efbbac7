using System.Text.Json;
using Wharf.Api.Quotas;
using Wharf.Api.Tests.Crds;
using Wharf.Api.Validation;
using Wharf.Api.Workers;

namespace Wharf.Api.Tests.Validation;

public sealed class QuotaCheckTests
{
    private static Worker SampleWorker() => CrdFiles.Sample("worker").Deserialize(WharfJsonContext.Default.Worker)!;

    private static WorkerQuotaSpec SampleQuota() => CrdFiles.Sample("workerquota").Deserialize(WharfJsonContext.Default.WorkerQuota)!.Spec;

    [Fact]
    public void CheckWorker_SampleWorkerInSampleQuota_Fits() =>
        Assert.Empty(QuotaCheck.CheckWorker(SampleWorker().Spec, SampleQuota()));

    [Fact]
    public void CheckWorker_MemoryAboveCap_IsReported()
    {
        var worker = SampleWorker();
        worker.Spec.Limits!.Memory = "512Mi";

        Assert.Equal("spec.limits.memory", Assert.Single(QuotaCheck.CheckWorker(worker.Spec, SampleQuota())).Field);
    }

    [Fact]
    public void CheckWorker_TimeoutAboveCap_IsReported()
    {
        var worker = SampleWorker();
        worker.Spec.Limits!.Timeout = "1m";

        Assert.Equal("spec.limits.timeout", Assert.Single(QuotaCheck.CheckWorker(worker.Spec, SampleQuota())).Field);
    }

    [Fact]
    public void CheckWorker_EgressOutsideAllowed_IsReportedPerRule()
    {
        var worker = SampleWorker();
        worker.Spec.Egress!.Add(new EgressRule { Host = "evil.org", Port = 443 });

        var violation = Assert.Single(QuotaCheck.CheckWorker(worker.Spec, SampleQuota()));

        Assert.Equal("spec.egress[2]", violation.Field);
        Assert.Contains("evil.org:443", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckWorker_QuotaWithoutAllowedEgress_DeniesAnyEgress()
    {
        var quota = SampleQuota();
        quota.AllowedEgress = null;

        Assert.Equal(2, QuotaCheck.CheckWorker(SampleWorker().Spec, quota).Count);
    }

    [Fact]
    public void CheckTotals_OverCaps_ReportsEachCap()
    {
        var violations = QuotaCheck.CheckTotals(workers: 21, kvNamespaces: 6, kvTotalBytes: 2L << 30, SampleQuota());

        Assert.Equal(["workers", "kvNamespaces", "kvTotalBytes"], violations.Select(v => v.Field));
        Assert.Empty(QuotaCheck.CheckTotals(20, 5, 1L << 30, SampleQuota()));
    }
}
