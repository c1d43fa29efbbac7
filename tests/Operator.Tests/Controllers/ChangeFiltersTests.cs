using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;
using k8s.Models;
using Wharf.Operator.Controllers;
using Wharf.Operator.Runtime;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.Controllers;

public sealed class ChangeFiltersTests
{
    [Fact]
    public void SpecOrLifecycleChanged_StatusOnlyUpdate_Ignored()
    {
        var old = TestObjects.Worker();
        var now = TestObjects.Worker();
        now.Metadata.ResourceVersion = "99";
        now.Status = new Wharf.Api.Workers.WorkerStatus { ObservedGeneration = 1 };
        Assert.False(ChangeFilters.SpecOrLifecycleChanged(old, now));
    }

    [Fact]
    public void SpecOrLifecycleChanged_GenerationDeletionFinalizersLabels_Enqueue()
    {
        var old = TestObjects.Worker();
        Assert.True(ChangeFilters.SpecOrLifecycleChanged(old, TestObjects.Worker(generation: 2)));
        var deleting = TestObjects.Worker();
        deleting.Metadata.DeletionTimestamp = TestObjects.Now.UtcDateTime;
        Assert.True(ChangeFilters.SpecOrLifecycleChanged(old, deleting));
        var finalized = TestObjects.Worker();
        finalized.Metadata.Finalizers = [TenantNames.Finalizer];
        Assert.True(ChangeFilters.SpecOrLifecycleChanged(old, finalized));
        var labelled = TestObjects.Worker();
        labelled.Metadata.Labels = new Dictionary<string, string> { ["a"] = "b" };
        Assert.True(ChangeFilters.SpecOrLifecycleChanged(old, labelled));
    }

    [Fact]
    public void DaemonSetChanged_RolloutCountersOrHash_Enqueue_ResourceVersionOnly_Ignored()
    {
        V1DaemonSet Ds(int ready, string hash = "h") => new()
        {
            Metadata = new V1ObjectMeta { Name = "wharf-runtime", Generation = 1, Annotations = new Dictionary<string, string> { [TenantNames.AppliedHashAnnotation] = hash } },
            Status = new V1DaemonSetStatus { DesiredNumberScheduled = 2, NumberReady = ready },
        };
        Assert.False(ChangeFilters.DaemonSetChanged(Ds(1), Ds(1)));
        Assert.True(ChangeFilters.DaemonSetChanged(Ds(1), Ds(2)));
        Assert.True(ChangeFilters.DaemonSetChanged(Ds(1), Ds(1, "other")));
    }

    [Fact]
    public void EvaluateKvNamespaces_CountAndTotalSizeCaps_OldestFirst()
    {
        KvNamespace Kv(string name, string total, int minute) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "t", CreationTimestamp = TestObjects.Now.AddMinutes(minute).UtcDateTime },
            Spec = new KvNamespaceSpec { Limits = new KvNamespaceLimits { MaxTotalSize = total, MaxValueSize = "1Ki" } },
        };
        var quota = TestObjects.Quota(q => q.Kv = new KvCaps { MaxNamespaces = 2, MaxTotalSize = "3Mi" });
        var result = TenantReconciler.EvaluateKvNamespaces([Kv("a", "2Mi", 0), Kv("b", "2Mi", 1), Kv("c", "1Mi", 2), Kv("d", "1Ki", 3)], quota);
        Assert.True(result["a"].Ready.IsTrue);
        Assert.Equal("QuotaExceeded", result["b"].Ready.Reason);
        Assert.Contains("4194304 bytes", result["b"].Ready.Message);
        Assert.True(result["c"].Ready.IsTrue);
        Assert.Contains("maxNamespaces 2", result["d"].Ready.Message);
        Assert.Null(result["d"].Entry);
    }

    [Fact]
    public void EvaluateKvNamespaces_InvalidLimits_InvalidSpecNamingField()
    {
        var kv = new KvNamespace
        {
            Metadata = new V1ObjectMeta { Name = "bad", NamespaceProperty = "t" },
            Spec = new KvNamespaceSpec { Limits = new KvNamespaceLimits { MaxValueSize = "2Mi", MaxTotalSize = "1Mi" } },
        };
        var result = TenantReconciler.EvaluateKvNamespaces([kv], null)["bad"];
        Assert.Equal("InvalidSpec", result.Ready.Reason);
        Assert.Contains("spec.limits.maxValueSize", result.Ready.Message);
    }
}
