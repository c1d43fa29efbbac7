using Wharf.Api.Workers;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.EndToEnd;

/// <summary>A real docker-registry, the fake API server, and an operator that reaches the registry over plain HTTP.</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public RegistryProcess Registry { get; } = new();

    internal OperatorHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Registry.InitializeAsync();
        Harness = await OperatorHarness.StartAsync();
        await Harness.StartOperatorAsync(OperatorHarness.DefaultOptions() with
        {
            PlainHttpRegistries = RegistryProcess.Available ? [Registry.Host] : [],
        });
    }

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Registry.DisposeAsync();
    }
}

/// <summary>Digest resolution against Debian's docker-registry (skipped where it is not installed).</summary>
public sealed class RegistryResolutionTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private OperatorHarness H => fixture.Harness;

    [RequiresToolFact(RegistryProcess.Binary, "apt-get install docker-registry")]
    public async Task Tag_ResolvedToTheManifestDigest_PinnedInRuntimeConfig()
    {
        const string ns = "registry-tag";
        var digest = await fixture.Registry.PushAsync("tenant/hello", "1.0", "hello");
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "hello", $"{fixture.Registry.Host}/tenant/hello:1.0"));

        var status = await H.WaitForConditionAsync(ns, "hello", WorkerConditions.ModuleResolved, "True", "Resolved");
        Assert.Equal(digest, status.Status!.ResolvedDigest);
        var entry = Assert.Single((await H.GetRuntimeConfigAsync(ns))!.Workers);
        Assert.Equal($"{fixture.Registry.Host}/tenant/hello@{digest}", entry.Image);
        Assert.Equal(digest, entry.Digest);
    }

    [RequiresToolFact(RegistryProcess.Binary, "apt-get install docker-registry")]
    public async Task UnknownTag_ManifestNotFoundNamesRepositoryAndTag()
    {
        const string ns = "registry-missing";
        await fixture.Registry.PushAsync("tenant/other", "1.0", "other");
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "ghost", $"{fixture.Registry.Host}/tenant/other:9.9"));

        var status = await H.WaitForConditionAsync(ns, "ghost", WorkerConditions.ModuleResolved, "False", "ManifestNotFound");
        Assert.Contains("tenant/other:9.9", WorkerLifecycleTests.Condition(status, WorkerConditions.ModuleResolved).Message);
        Assert.Equal("ManifestNotFound", WorkerLifecycleTests.Condition(status, WorkerConditions.Ready).Reason);
    }

    [RequiresToolFact(RegistryProcess.Binary, "apt-get install docker-registry")]
    public async Task NewTagInSpec_ResolvedAgain_OldGenerationServedUntilThen()
    {
        const string ns = "registry-retag";
        var v1 = await fixture.Registry.PushAsync("tenant/app", "1", "v1");
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "app", $"{fixture.Registry.Host}/tenant/app:1"));
        await H.WaitForConditionAsync(ns, "app", WorkerConditions.ModuleResolved, "True");

        // Generation 2 points at a tag that does not exist yet: generation 1 keeps serving.
        await H.Workers.MergePatchAsync("app", new System.Text.Json.Nodes.JsonObject
        {
            ["spec"] = new System.Text.Json.Nodes.JsonObject
            {
                ["module"] = new System.Text.Json.Nodes.JsonObject { ["image"] = $"{fixture.Registry.Host}/tenant/app:2" },
            },
        }, ns);
        var pending = await H.WaitForConditionAsync(ns, "app", WorkerConditions.ModuleResolved, "False", "ManifestNotFound");
        Assert.Contains("still serving generation 1", WorkerLifecycleTests.Condition(pending, WorkerConditions.Ready).Message);
        Assert.Equal(v1, Assert.Single((await H.GetRuntimeConfigAsync(ns))!.Workers).Digest);

        var v2 = await fixture.Registry.PushAsync("tenant/app", "2", "v2");
        var resolved = await H.WaitForConditionAsync(ns, "app", WorkerConditions.ModuleResolved, "True", timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(v2, resolved.Status!.ResolvedDigest);
        await Eventually.UntilAsync(async () => (await H.GetRuntimeConfigAsync(ns))!.Workers.Single().Digest == v2, "generation 2 served");
    }
}
