using k8s;
using System.Text.Json.Nodes;
using Wharf.Api;
using Wharf.Api.Workers;
using Wharf.Operator.Runtime;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.EndToEnd;

/// <summary>A worker's life through the real operator host: apply, roll out, change, delete.</summary>
public sealed class WorkerLifecycleTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>
{
    private OperatorHarness H => fixture.Harness;

    [Fact]
    public async Task ApplyWorker_PinnedDigest_RuntimeObjectsAppearAndStatusExplainsReadiness()
    {
        const string ns = "life-apply";
        var worker = OperatorHarness.NewWorker(ns, "hello", "registry.example.com/t/hello@" + OperatorHarness.Digest('a'), "hello.example.com");
        await H.CreateWorkerAsync(worker);

        var notReady = await H.WaitForConditionAsync(ns, "hello", WorkerConditions.Ready, "False", "NoNodes");
        Assert.Contains(TenantNames.Finalizer, notReady.Metadata.Finalizers!);
        Assert.Equal(OperatorHarness.Digest('a'), notReady.Status!.ResolvedDigest);
        Assert.Equal("https://hello.example.com/", notReady.Status.Url);
        Assert.Equal("True", Condition(notReady, WorkerConditions.ModuleResolved).Status);
        Assert.Equal("Pinned", Condition(notReady, WorkerConditions.ModuleResolved).Reason);
        Assert.Equal("NoQuota", Condition(notReady, WorkerConditions.QuotaAccepted).Reason);
        Assert.Equal("NotRequired", Condition(notReady, WorkerConditions.SignatureVerified).Reason);
        Assert.All(notReady.Status.Conditions!, c => Assert.Equal(notReady.Metadata.Generation, c.ObservedGeneration));

        var config = await H.GetRuntimeConfigAsync(ns);
        var entry = Assert.Single(config!.Workers);
        Assert.Equal("registry.example.com/t/hello@" + OperatorHarness.Digest('a'), entry.Image);
        var ds = await H.User.AppsV1.ReadNamespacedDaemonSetAsync(TenantNames.Runtime, ns);
        Assert.Equal("ghcr.io/wharf/runtime:test", ds.Spec!.Template!.Spec!.Containers[0].Image);
        Assert.Equal("wharf-operator", ds.Metadata.Labels![TenantNames.ManagedByLabel]);
        Assert.Contains(ds.Metadata.OwnerReferences!, o => o.Kind == "Worker" && o.Name == "hello");
        Assert.NotNull(await KubeCalls.OrNull(H.User.CoreV1.ReadNamespacedServiceAsync(TenantNames.Runtime, ns)));

        await H.SetDaemonSetStatusAsync(ns, desired: 3, ready: 2);
        var partial = await H.WaitForConditionAsync(ns, "hello", WorkerConditions.Ready, "False", "RuntimeNotReady");
        Assert.Contains("2/3 runtime pods ready", Condition(partial, WorkerConditions.Ready).Message);

        await H.SetDaemonSetStatusAsync(ns, desired: 3, ready: 3);
        var ready = await H.WaitForConditionAsync(ns, "hello", WorkerConditions.Ready, "True", "Serving");
        Assert.Equal(3, ready.Status!.NodesReady);
        Assert.Equal(3, ready.Status.NodesDesired);
    }

    [Fact]
    public async Task ChangeSpec_RuntimeConfigAndObservedGenerationFollow()
    {
        const string ns = "life-change";
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "api", "registry.example.com/t/api@" + OperatorHarness.Digest('b')));
        await H.WaitForConditionAsync(ns, "api", WorkerConditions.ModuleResolved, "True");
        var hashBefore = (await H.GetRuntimeConfigMapAsync(ns))!.Metadata.Annotations![TenantNames.ConfigHashAnnotation];

        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["module"] = new JsonObject { ["image"] = "registry.example.com/t/api@" + OperatorHarness.Digest('c') },
                ["limits"] = new JsonObject { ["memory"] = "32Mi" },
            },
        };
        var patched = await H.Workers.MergePatchAsync("api", patch, ns);
        Assert.Equal(2, patched.Metadata.Generation);

        var after = await H.WaitForConditionAsync(ns, "api", WorkerConditions.ModuleResolved, "True");
        Assert.Equal(2, after.Status!.ObservedGeneration);
        Assert.Equal(OperatorHarness.Digest('c'), after.Status.ResolvedDigest);
        await Eventually.UntilAsync(async () =>
        {
            var entry = (await H.GetRuntimeConfigAsync(ns))!.Workers.Single();
            return entry.Generation == 2 && entry.Digest == OperatorHarness.Digest('c') && entry.Limits.MemoryBytes == 32 * 1024 * 1024;
        }, "runtime config at generation 2");
        var cm = await H.GetRuntimeConfigMapAsync(ns);
        Assert.NotEqual(hashBefore, cm!.Metadata.Annotations![TenantNames.ConfigHashAnnotation]);

        // The pod template carries no config hash: a config change must not roll the runtime pods.
        var ds = await H.User.AppsV1.ReadNamespacedDaemonSetAsync(TenantNames.Runtime, ns);
        Assert.False(ds.Spec!.Template!.Metadata!.Annotations?.ContainsKey(TenantNames.ConfigHashAnnotation) ?? false);
    }

    [Fact]
    public async Task DeleteWorkers_FinalizerCleansUp_RuntimeGoesWithTheLastWorker()
    {
        const string ns = "life-delete";
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "one", "registry.example.com/t/one@" + OperatorHarness.Digest('d'), "one.example.com"));
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "two", "registry.example.com/t/two@" + OperatorHarness.Digest('e'), "two.example.com"));
        await Eventually.UntilAsync(async () => (await H.GetRuntimeConfigAsync(ns))?.Workers.Count == 2, "both workers published");

        await H.Workers.DeleteAsync("one", ns);
        await Eventually.UntilAsync(async () => await H.GetWorkerAsync(ns, "one") is null, "worker one gone after finalizer removal");
        var config = await H.GetRuntimeConfigAsync(ns);
        Assert.Equal("two", Assert.Single(config!.Workers).Name);
        Assert.NotNull(await KubeCalls.OrNull(H.User.AppsV1.ReadNamespacedDaemonSetAsync(TenantNames.Runtime, ns)));

        await H.Workers.DeleteAsync("two", ns);
        await Eventually.UntilAsync(async () => await H.GetWorkerAsync(ns, "two") is null, "worker two gone");
        await Eventually.UntilAsync(async () =>
            await KubeCalls.OrNull(H.User.AppsV1.ReadNamespacedDaemonSetAsync(TenantNames.Runtime, ns)) is null &&
            await KubeCalls.OrNull(H.User.CoreV1.ReadNamespacedServiceAsync(TenantNames.Runtime, ns)) is null &&
            await KubeCalls.OrNull(H.User.CoreV1.ReadNamespacedConfigMapAsync(TenantNames.Runtime, ns)) is null, "runtime objects removed with the last worker");
        Assert.Null(await KubeCalls.OrNull(H.User.RbacAuthorizationV1.ReadNamespacedRoleAsync(TenantNames.Runtime, ns)));
    }

    [Fact]
    public async Task ManualEdits_ToRuntimeObjects_AreUndone()
    {
        const string ns = "life-drift";
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "app", "registry.example.com/t/app@" + OperatorHarness.Digest('9')));
        await H.WaitForConditionAsync(ns, "app", WorkerConditions.Ready, "False", "NoNodes");
        var json = (await H.GetRuntimeConfigMapAsync(ns))!.Data!["runtime.json"];

        await H.User.AppsV1.PatchNamespacedDaemonSetAsync(KubeCalls.MergePatch(JsonNode.Parse(
            """{"spec":{"template":{"spec":{"containers":[{"name":"runtime","image":"evil.example.com/miner:1"}]}}}}""")!), TenantNames.Runtime, ns);
        await H.User.CoreV1.PatchNamespacedConfigMapAsync(KubeCalls.MergePatch(new JsonObject { ["data"] = new JsonObject { ["runtime.json"] = "{}" } }), TenantNames.Runtime, ns);

        await Eventually.UntilAsync(async () =>
            (await H.User.AppsV1.ReadNamespacedDaemonSetAsync(TenantNames.Runtime, ns)).Spec!.Template!.Spec!.Containers[0].Image == "ghcr.io/wharf/runtime:test",
            "DaemonSet image restored");
        await Eventually.UntilAsync(async () => (await H.GetRuntimeConfigMapAsync(ns))!.Data!["runtime.json"] == json, "runtime config restored");
    }

    [Fact]
    public async Task InvalidImageReference_ReadyFalseNamesTheField()
    {
        const string ns = "life-invalid";
        var worker = OperatorHarness.NewWorker(ns, "bad", "registry.example.com/t/bad@" + OperatorHarness.Digest('f'));
        worker.Spec.Routes.Add(new WorkerRoute { Host = "app.example.com" }); // duplicate route: a CEL rule the fake does not evaluate
        await H.CreateWorkerAsync(worker);

        var status = await H.WaitForConditionAsync(ns, "bad", WorkerConditions.Ready, "False", "InvalidSpec");
        Assert.Contains("duplicate route", Condition(status, WorkerConditions.Ready).Message);
        Assert.Empty((await H.GetRuntimeConfigAsync(ns))!.Workers);
    }

    internal static Condition Condition(Worker worker, string type) =>
        worker.Status!.Conditions!.Single(c => c.Type == type);
}
