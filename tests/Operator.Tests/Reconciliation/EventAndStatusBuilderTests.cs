using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;
using k8s.Models;
using Wharf.Operator.Reconciliation;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.Reconciliation;

public sealed class EventAndStatusBuilderTests
{
    [Fact]
    public void BuildEvent_Worker_RegardsItInItsNamespaceWithReportingFields()
    {
        var worker = TestObjects.Worker();
        var ev = EventBuilder.BuildEvent(worker, "Warning", "QuotaExceeded", "Reconcile", "over quota", "operator-0", TestObjects.Now);
        Assert.Equal("tenant-a", ev.Metadata.NamespaceProperty);
        Assert.StartsWith("hello.", ev.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(("Worker", "hello", "uid-hello"), (ev.Regarding!.Kind, ev.Regarding.Name, ev.Regarding.Uid));
        Assert.Equal(("wharf.dev/operator", "operator-0"), (ev.ReportingController, ev.ReportingInstance));
        Assert.Equal(("Warning", "QuotaExceeded", "over quota"), (ev.Type, ev.Reason, ev.Note));
        Assert.Equal(TestObjects.Now.UtcDateTime, ev.EventTime);
    }

    [Fact]
    public void BuildEvent_LongNote_TruncatedTo1024()
    {
        var ev = EventBuilder.BuildEvent(TestObjects.Worker(), "Normal", "R", "A", new string('x', 5000), "i", TestObjects.Now);
        Assert.Equal(1024, ev.Note!.Length);
    }

    [Fact]
    public void BuildKvNamespaceStatus_KeepsRuntimeUsage_SetsGeneration()
    {
        var kv = new KvNamespace
        {
            Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "t", Generation = 4 },
            Spec = new KvNamespaceSpec(),
            Status = new KvNamespaceStatus { Usage = new KvUsage { Keys = 10 } },
        };
        var status = StatusBuilders.BuildKvNamespaceStatus(kv, ConditionResult.True(Reasons.Published, "published as t/s"), TestObjects.Now);
        Assert.Equal(4, status.ObservedGeneration);
        Assert.Equal(10, status.Usage!.Keys);
        Assert.Equal(("Ready", "True", "Published"), (status.Conditions![0].Type, status.Conditions[0].Status, status.Conditions[0].Reason));
    }

    [Fact]
    public void BuildQuotaStatus_Usage_Reported()
    {
        var quota = TestObjects.Quota();
        var status = StatusBuilders.BuildQuotaStatus(quota, new QuotaUsage { Workers = 3, KvNamespaces = 1, KvTotalBytes = 1024 },
            ConditionResult.True(Reasons.Valid, "in force"), TestObjects.Now);
        Assert.Equal((3, 1, 1024L), (status.Usage!.Workers!.Value, status.Usage.KvNamespaces!.Value, status.Usage.KvTotalBytes!.Value));
        Assert.Equal(1, status.ObservedGeneration);
    }
}
