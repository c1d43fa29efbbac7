using Microsoft.Extensions.DependencyInjection;
using Wharf.Api.KvNamespaces;
using Wharf.Api.Workers;
using k8s.Models;
using Wharf.Operator.Kv;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.EndToEnd;

/// <summary>Records deletions; can be told to fail, as a KV store that is down would.</summary>
internal sealed class RecordingKvDataDeleter : IKvDataDeleter
{
    private readonly List<string> _calls = [];

    public volatile bool Fail;

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public Task<KvDeletionResult> DeleteAsync(string namespaceId, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add(namespaceId);
        }

        return Task.FromResult(Fail ? new KvDeletionResult(false, "store is down") : new KvDeletionResult(true, $"deleted the keys of {namespaceId}"));
    }
}

public sealed class KvFixture : IAsyncLifetime
{
    internal RecordingKvDataDeleter Deleter { get; } = new();

    internal OperatorHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await OperatorHarness.StartAsync();
        await Harness.StartOperatorAsync(configure: s => s.AddSingleton<IKvDataDeleter>(Deleter));
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>KvNamespace publication, bindings and deletion policy.</summary>
public sealed class KvNamespaceTests(KvFixture fixture) : IClassFixture<KvFixture>
{
    private OperatorHarness H => fixture.Harness;

    [Fact]
    public async Task KvNamespaceAndBinding_PublishedToRuntimeConfig()
    {
        const string ns = "kv-publish";
        await H.KvNamespaces.CreateAsync(Kv(ns, "sessions", KvDeletionPolicy.Retain));
        var worker = OperatorHarness.NewWorker(ns, "app", "registry.example.com/t/app@" + OperatorHarness.Digest('9'));
        worker.Spec.Bindings = new WorkerBindings { Kv = [new KvBinding { Name = "SESSIONS", Namespace = "sessions" }] };
        await H.CreateWorkerAsync(worker);

        await H.WaitForConditionAsync(ns, "app", WorkerConditions.Ready, "False", "NoNodes");
        var config = await H.GetRuntimeConfigAsync(ns);
        Assert.Equal("kv-publish/sessions", Assert.Single(config!.KvNamespaces).Id);
        Assert.Equal("kv-publish/sessions", Assert.Single(config.Workers).Bindings.Kv.Single().NamespaceId);
        await Eventually.UntilAsync(async () =>
            (await H.KvNamespaces.GetAsync("sessions", ns)).Status?.Conditions?.SingleOrDefault(c => c.Type == "Ready")?.Status == "True",
            "KvNamespace Ready");
    }

    [Fact]
    public async Task BindingToMissingKvNamespace_BindingNotFound()
    {
        const string ns = "kv-missing";
        var worker = OperatorHarness.NewWorker(ns, "app", "registry.example.com/t/app@" + OperatorHarness.Digest('8'));
        worker.Spec.Bindings = new WorkerBindings { Kv = [new KvBinding { Name = "CACHE", Namespace = "cache" }] };
        await H.CreateWorkerAsync(worker);

        var status = await H.WaitForConditionAsync(ns, "app", WorkerConditions.Ready, "False", "BindingNotFound");
        Assert.Contains("KvNamespace cache", WorkerLifecycleTests.Condition(status, WorkerConditions.Ready).Message);

        await H.KvNamespaces.CreateAsync(Kv(ns, "cache", KvDeletionPolicy.Retain));
        await H.WaitForConditionAsync(ns, "app", WorkerConditions.Ready, "False", "NoNodes");
    }

    [Fact]
    public async Task DeleteWithPolicyDelete_DataDeletedThenObjectGone_RetainNeverDeletes()
    {
        const string ns = "kv-delete";
        await H.KvNamespaces.CreateAsync(Kv(ns, "keep", KvDeletionPolicy.Retain));
        await H.KvNamespaces.CreateAsync(Kv(ns, "drop", KvDeletionPolicy.Delete));
        await Eventually.UntilAsync(async () => (await H.KvNamespaces.GetAsync("drop", ns)).Metadata.Finalizers?.Count == 1, "finalizer added");
        await Eventually.UntilAsync(async () => (await H.KvNamespaces.GetAsync("keep", ns)).Metadata.Finalizers?.Count == 1, "finalizer added");

        fixture.Deleter.Fail = true;
        await H.KvNamespaces.DeleteAsync("drop", ns);
        await Eventually.UntilAsync(async () =>
            (await H.KvNamespaces.GetAsync("drop", ns)).Status?.Conditions?.SingleOrDefault(c => c.Type == "Ready")?.Reason == "DataDeletionFailed",
            "deletion failure reported while the object stays");
        fixture.Deleter.Fail = false;
        await Eventually.UntilAsync(async () => await H.KvNamespaces.TryGetAsync("drop", ns) is null, "KvNamespace gone after its data");
        Assert.Contains("kv-delete/drop", fixture.Deleter.Calls);

        await H.KvNamespaces.DeleteAsync("keep", ns);
        await Eventually.UntilAsync(async () => await H.KvNamespaces.TryGetAsync("keep", ns) is null, "retained KvNamespace gone");
        Assert.DoesNotContain("kv-delete/keep", fixture.Deleter.Calls);
    }

    private static KvNamespace Kv(string ns, string name, KvDeletionPolicy policy) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new KvNamespaceSpec { DeletionPolicy = policy },
    };
}
