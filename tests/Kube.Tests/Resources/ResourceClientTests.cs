using System.Net;
using System.Text.Json.Nodes;
using Wharf.Kube.Fake;
using Wharf.Kube.Models;
using Wharf.Kube.Resources;
using Wharf.Kube.Tests.Support;

namespace Wharf.Kube.Tests.Resources;

public sealed class ResourceClientTests(FakeKubeServerFixture fixture) : IClassFixture<FakeKubeServerFixture>, IDisposable
{
    private readonly KubernetesClient _client = FakeApi.Client(fixture.Server, "crud");

    public void Dispose() => _client.Dispose();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static ConfigMap NewConfigMap(string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["k"] = "v" },
    };

    [Fact]
    public async Task CreateThenGet_TypedConfigMap_RoundTrips()
    {
        var name = Unique("cm");
        var cm = NewConfigMap(name, new Dictionary<string, string> { ["app"] = "x" });
        cm.BinaryData = new Dictionary<string, byte[]> { ["bin"] = [1, 2, 3] };

        var created = await _client.ConfigMaps.CreateAsync(cm);
        var read = await _client.ConfigMaps.GetAsync(name);

        Assert.Equal("crud", created.Metadata.Namespace);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal("v", read.Data!["k"]);
        Assert.Equal([1, 2, 3], read.BinaryData!["bin"]);
        Assert.Equal("x", read.Metadata.Labels!["app"]);
    }

    [Fact]
    public async Task Create_Existing_ThrowsConflictAlreadyExists()
    {
        var name = Unique("dup");
        await _client.ConfigMaps.CreateAsync(NewConfigMap(name));

        var ex = await Assert.ThrowsAsync<KubernetesConflictException>(() => _client.ConfigMaps.CreateAsync(NewConfigMap(name)));

        Assert.True(ex.AlreadyExists);
        Assert.Equal(HttpStatusCode.Conflict, ex.StatusCode);
        Assert.Equal(409, ex.Status!.Code);
    }

    [Fact]
    public async Task Get_Missing_ThrowsNotFoundAndTryGetReturnsNull()
    {
        var ex = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => _client.ConfigMaps.GetAsync("absent"));

        Assert.Equal("NotFound", ex.Reason);
        Assert.Null(await _client.ConfigMaps.TryGetAsync("absent"));
    }

    [Fact]
    public async Task Replace_StaleResourceVersion_ThrowsConflict()
    {
        var name = Unique("rv");
        var created = await _client.ConfigMaps.CreateAsync(NewConfigMap(name));
        created.Data!["k"] = "first";
        var updated = await _client.ConfigMaps.ReplaceAsync(created);

        created.Data["k"] = "stale";
        var ex = await Assert.ThrowsAsync<KubernetesConflictException>(() => _client.ConfigMaps.ReplaceAsync(created));

        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        Assert.False(ex.AlreadyExists);
        Assert.Equal("Conflict", ex.Reason);
        Assert.Equal("first", (await _client.ConfigMaps.GetAsync(name)).Data!["k"]);
    }

    [Fact]
    public async Task List_LabelAndFieldSelectors_FilterOnServer()
    {
        var ns = Unique("sel");
        foreach (var (n, tier) in new[] { ("a", "web"), ("b", "web"), ("c", "db") })
        {
            await _client.ConfigMaps.CreateAsync(NewConfigMap(n, new Dictionary<string, string> { ["tier"] = tier }), ns);
        }

        var web = await _client.ConfigMaps.ListAsync(ns, new ListOptions { LabelSelector = new LabelSelector().Equal("tier", "web").ToString() });
        var byName = await _client.ConfigMaps.ListAsync(ns, new ListOptions { FieldSelector = new FieldSelector().Equal("metadata.name", "c").ToString() });

        Assert.Equal(["a", "b"], web.Items.Select(i => i.Metadata.Name).Order());
        Assert.Equal("c", Assert.Single(byName.Items).Metadata.Name);
        Assert.All(web.Items, i => Assert.Equal("ConfigMap", i.Kind));
        Assert.False(string.IsNullOrEmpty(web.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task ListAsync_Limit_ReturnsContinueTokenAndListAllFollowsIt()
    {
        var ns = Unique("page");
        for (var i = 0; i < 7; i++)
        {
            await _client.ConfigMaps.CreateAsync(NewConfigMap($"cm{i}"), ns);
        }

        var first = await _client.ConfigMaps.ListAsync(ns, new ListOptions { Limit = 3 });
        var all = await _client.ConfigMaps.ListAllAsync(ns, new ListOptions { Limit = 3 });

        Assert.Equal(3, first.Items.Count);
        Assert.False(string.IsNullOrEmpty(first.Metadata.Continue));
        Assert.Equal(7, all.Items.Count);
        Assert.Equal(7, all.Items.Select(i => i.Metadata.Name).Distinct().Count());
        Assert.True(fixture.Server.Requests.Snapshot().Count(r => r.Request.Namespace == ns && r.Request.Verb == "list") >= 4);
    }

    [Fact]
    public async Task ListAllAsync_ContinueTokenExpired_FallsBackToFullList()
    {
        var ns = Unique("exp");
        for (var i = 0; i < 5; i++)
        {
            await _client.ConfigMaps.CreateAsync(NewConfigMap($"cm{i}"), ns);
        }

        var fault = fixture.Server.Faults.FailNext(1, 410, r => r.Verb == "list" && r.Namespace == ns && r.Query.Contains("continue=", StringComparison.Ordinal));

        var all = await _client.ConfigMaps.ListAllAsync(ns, new ListOptions { Limit = 2 });

        Assert.Equal(1, fault.Hits);
        Assert.Equal(5, all.Items.Count);
        Assert.Equal(5, all.Items.Select(i => i.Metadata.Name).Distinct().Count());
    }

    [Fact]
    public async Task Delete_WithFinalizer_ReturnsTerminatingObjectUntilFinalizerRemoved()
    {
        var name = Unique("fin");
        var cm = NewConfigMap(name);
        cm.Metadata.Finalizers = ["wharf.dev/cleanup"];
        await _client.ConfigMaps.CreateAsync(cm);

        var terminating = await _client.ConfigMaps.DeleteAsync(name);
        Assert.NotNull(terminating);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);

        await _client.ConfigMaps.MergePatchAsync(name, JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!);
        Assert.Null(await _client.ConfigMaps.TryGetAsync(name));
    }

    [Fact]
    public async Task Delete_Immediate_ReturnsNullAndSecondDeleteIsNotFound()
    {
        var name = Unique("del");
        await _client.ConfigMaps.CreateAsync(NewConfigMap(name));

        Assert.Null(await _client.ConfigMaps.DeleteAsync(name, options: new DeleteOptions { PropagationPolicy = PropagationPolicy.Background }));
        await Assert.ThrowsAsync<KubernetesNotFoundException>(() => _client.ConfigMaps.DeleteAsync(name));
    }

    [Fact]
    public async Task Delete_PreconditionMismatch_ThrowsConflictAndKeepsObject()
    {
        var name = Unique("pre");
        await _client.ConfigMaps.CreateAsync(NewConfigMap(name));

        await Assert.ThrowsAsync<KubernetesConflictException>(() =>
            _client.ConfigMaps.DeleteAsync(name, options: new DeleteOptions { PreconditionUid = "not-the-uid" }));

        Assert.NotNull(await _client.ConfigMaps.TryGetAsync(name));
    }

    [Fact]
    public async Task Apply_TwoManagers_ConflictUnlessForced()
    {
        var name = Unique("ssa");
        var mine = NewConfigMap(name);
        mine.Metadata.Namespace = "crud";

        var created = await _client.ConfigMaps.ApplyAsync(mine, "wharf-operator");
        var again = await _client.ConfigMaps.ApplyAsync(NewConfigMap(name), "wharf-operator");
        var theirs = NewConfigMap(name);
        theirs.Data!["k"] = "other";
        var conflict = await Assert.ThrowsAsync<KubernetesConflictException>(() => _client.ConfigMaps.ApplyAsync(theirs, "someone-else"));
        var forced = await _client.ConfigMaps.ApplyAsync(theirs, "someone-else", force: true);

        Assert.Equal("v", created.Data!["k"]);
        Assert.Equal(created.Metadata.ResourceVersion, again.Metadata.ResourceVersion); // no-op apply
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("other", forced.Data!["k"]);
        var apply = fixture.Server.Requests.Snapshot().Last(r => r.Request.Name == name && r.Request.Verb == "apply");
        Assert.Equal("someone-else", apply.Request.FieldManager);
    }

    [Fact]
    public async Task MergePatch_SetsAndRemovesFields()
    {
        var name = Unique("mp");
        await _client.ConfigMaps.CreateAsync(NewConfigMap(name));

        var patched = await _client.ConfigMaps.MergePatchAsync(name, JsonNode.Parse("""{"data":{"k":null,"n":"1"},"metadata":{"labels":{"x":"y"}}}""")!);

        Assert.Equal(["n"], patched.Data!.Keys);
        Assert.Equal("y", patched.Metadata.Labels!["x"]);
    }

    [Fact]
    public async Task StatusSubresource_WritesOnlyStatusAndGenerationTracksSpec()
    {
        var name = Unique("ds");
        var ds = new DaemonSet
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "crud" },
            Spec = new DaemonSetSpec
            {
                Selector = new LabelSelectorSpec { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = new PodSpec { Containers = [new Container { Name = "node", Image = "wharf/node:1" }] },
                },
            },
        };
        var created = await _client.DaemonSets.CreateAsync(ds);

        created.Status = new DaemonSetStatus { NumberReady = 2, DesiredNumberScheduled = 3, ObservedGeneration = created.Metadata.Generation };
        created.Spec!.Template!.Spec!.Containers[0].Image = "ignored-by-status-write";
        var afterStatus = await _client.DaemonSets.ReplaceStatusAsync(created);
        var patched = await _client.DaemonSets.MergePatchStatusAsync(name, JsonNode.Parse("""{"status":{"numberReady":3}}""")!);
        var read = await _client.DaemonSets.GetStatusAsync(name);

        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(1, afterStatus.Metadata.Generation);
        Assert.Equal("wharf/node:1", afterStatus.Spec!.Template!.Spec!.Containers[0].Image);
        Assert.Equal(2, afterStatus.Status!.NumberReady);
        Assert.Equal(3, patched.Status!.NumberReady);
        Assert.Equal(3, read.Status!.DesiredNumberScheduled);

        read.Spec!.Template!.Spec!.Containers[0].Image = "wharf/node:2";
        var bumped = await _client.DaemonSets.ReplaceAsync(read);
        Assert.Equal(2, bumped.Metadata.Generation);
    }

    [Fact]
    public async Task ApplyStatus_SetsStatusFields()
    {
        var name = Unique("dss");
        var ds = new DaemonSet
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "crud" },
            Spec = new DaemonSetSpec { Template = new PodTemplateSpec { Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "i" }] } } },
        };
        await _client.DaemonSets.CreateAsync(ds);

        var status = new DaemonSet { Metadata = new ObjectMeta { Name = name, Namespace = "crud" }, Status = new DaemonSetStatus { NumberReady = 5 } };
        var applied = await _client.DaemonSets.ApplyStatusAsync(status, "wharf-operator", force: true);

        Assert.Equal(5, applied.Status!.NumberReady);
        Assert.Equal("i", applied.Spec!.Template!.Spec!.Containers[0].Image);
    }

    [Fact]
    public async Task InjectedForbidden_MapsToTypedExceptionWithServerStatus()
    {
        var name = Unique("forbid");
        fixture.Server.Faults.FailNext(1, 403, r => r.Name == name, "configmaps is forbidden: no RBAC");

        var ex = await Assert.ThrowsAsync<KubernetesForbiddenException>(() => _client.ConfigMaps.GetAsync(name));

        Assert.Equal(403, ex.Status!.Code);
        Assert.Contains("no RBAC", ex.Status!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Throttled429WithRetryAfter_RetriesWithSameBody()
    {
        var name = Unique("throttle");
        var fault = fixture.Server.Faults.FailNext(1, 429, r => r.Name == name && r.Verb == "create");
        var started = DateTime.UtcNow;

        var created = await _client.ConfigMaps.CreateAsync(NewConfigMap(name));

        Assert.Equal(1, fault.Hits);
        Assert.Equal("v", created.Data!["k"]);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was not honoured");
    }

    [Fact]
    public async Task Get_Throttled429RetriesDisabled_ThrowsTooManyRequests()
    {
        using var client = new KubernetesClient(new Wharf.Kube.Config.KubernetesClientOptions { Server = fixture.Server.BaseAddress, MaxRetries = 0 });
        var name = Unique("t429");
        fixture.Server.Faults.FailNext(1, 429, r => r.Name == name);

        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => client.ConfigMaps.GetAsync(name, "crud"));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(1, ex.Status!.Details!.RetryAfterSeconds);
    }

    [Fact]
    public async Task InjectedServerError_MapsToBaseApiException()
    {
        var name = Unique("boom");
        fixture.Server.Faults.FailNext(1, 503, r => r.Name == name);

        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => _client.ConfigMaps.GetAsync(name));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
    }

    [Fact]
    public async Task Unstructured_RoundTripsUnknownFields()
    {
        var name = Unique("un");
        var obj = new UnstructuredObject { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new ObjectMeta { Name = name } };
        obj["data"] = new JsonObject { ["a"] = "b" };

        var created = await _client.Unstructured(ResourceDescriptor.ConfigMaps).CreateAsync(obj);
        var typed = await _client.ConfigMaps.GetAsync(name);

        Assert.Equal("b", (string?)created["data"]!["a"]);
        Assert.Equal("b", typed.Data!["a"]);
    }

    [Fact]
    public async Task ClusterScopedNamespace_CreateAndGet()
    {
        var name = Unique("ns");

        await _client.Namespaces.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } });

        Assert.Equal(name, (await _client.Namespaces.GetAsync(name)).Metadata.Name);
    }

    [Fact]
    public async Task LeaseAndEvent_MicroTimeFieldsUseMicrosecondPrecision()
    {
        var name = Unique("lease");
        var when = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560);
        await _client.Leases.CreateAsync(new Lease
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new LeaseSpec { HolderIdentity = "me", RenewTime = when, LeaseDurationSeconds = 15 },
        });
        await _client.Events.CreateAsync(new Event
        {
            Metadata = new ObjectMeta { Name = name },
            EventTime = when,
            Reason = "Test",
            Action = "Reconcile",
            ReportingController = "wharf.dev/operator",
            ReportingInstance = "pod-1",
            Regarding = new ObjectReference { Kind = "Lease", Name = name, Namespace = "crud" },
        });

        var raw = fixture.Server.GetObject("coordination.k8s.io/v1", "leases", "crud", name)!;
        var lease = await _client.Leases.GetAsync(name);
        var ev = await _client.Events.GetAsync(name);

        Assert.Equal("2030-01-02T03:04:05.123456Z", (string?)raw["spec"]!["renewTime"]);
        Assert.Equal(when, lease.Spec!.RenewTime);
        Assert.Equal(when, ev.EventTime);
    }
}
