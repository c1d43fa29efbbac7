using System.Text.Json.Nodes;
using Wharf.Api.Quotas;
using Wharf.Api.Workers;
using k8s.Models;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.EndToEnd;

/// <summary>WorkerQuota enforcement, signature policy and registry failures, end to end.</summary>
public sealed class QuotaAndPolicyTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>
{
    private OperatorHarness H => fixture.Harness;

    private static string Image(string name, char fill) => $"registry.example.com/t/{name}@{OperatorHarness.Digest(fill)}";

    [Fact]
    public async Task OverMaxCount_SecondWorkerRejectedWithNumbers_RaisingQuotaAdmitsIt()
    {
        const string ns = "quota-count";
        await H.Quotas.CreateAsync(Quota(ns, q => q.Workers = new WorkerCaps { MaxCount = 1 }));
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "first", Image("first", '1'), "first.example.com"));
        await H.WaitForConditionAsync(ns, "first", WorkerConditions.QuotaAccepted, "True", "WithinQuota");
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "second", Image("second", '2'), "second.example.com"));

        var rejected = await H.WaitForConditionAsync(ns, "second", WorkerConditions.QuotaAccepted, "False", "QuotaExceeded");
        var message = WorkerLifecycleTests.Condition(rejected, WorkerConditions.QuotaAccepted).Message!;
        Assert.Contains("number 2", message);
        Assert.Contains("maxCount 1", message);
        Assert.Equal("QuotaExceeded", WorkerLifecycleTests.Condition(rejected, WorkerConditions.Ready).Reason);
        Assert.Equal("NotAttempted", WorkerLifecycleTests.Condition(rejected, WorkerConditions.ModuleResolved).Reason);
        Assert.Equal(["first"], (await H.GetRuntimeConfigAsync(ns))!.Workers.Select(w => w.Name));

        await Eventually.UntilAsync(async () => (await H.Quotas.GetAsync("default", ns)).Status?.Usage?.Workers == 2, "quota usage counts 2 workers");

        await H.Quotas.MergePatchAsync("default", new JsonObject { ["spec"] = new JsonObject { ["workers"] = new JsonObject { ["maxCount"] = 5 } } }, ns);
        await H.WaitForConditionAsync(ns, "second", WorkerConditions.QuotaAccepted, "True", "WithinQuota");
        await Eventually.UntilAsync(async () => (await H.GetRuntimeConfigAsync(ns))!.Workers.Count == 2, "second worker published after the quota was raised");
    }

    [Fact]
    public async Task OverMaxMemoryAndTimeout_QuotaAcceptedFalseNamesBothLimits()
    {
        const string ns = "quota-memory";
        await H.Quotas.CreateAsync(Quota(ns, q => q.Workers = new WorkerCaps { MaxMemory = "64Mi", MaxTimeout = "10s" }));
        var worker = OperatorHarness.NewWorker(ns, "big", Image("big", '3'));
        worker.Spec.Limits = new WorkerLimits { Memory = "128Mi", Timeout = "30s" };
        await H.CreateWorkerAsync(worker);

        var status = await H.WaitForConditionAsync(ns, "big", WorkerConditions.QuotaAccepted, "False", "QuotaExceeded");
        var message = WorkerLifecycleTests.Condition(status, WorkerConditions.QuotaAccepted).Message!;
        Assert.Contains("128Mi", message);
        Assert.Contains("64Mi", message);
        Assert.Contains("30s", message);
        Assert.Contains("10s", message);
        Assert.Null(status.Status!.Url);
    }

    [Fact]
    public async Task EgressOutsideAllowedPatterns_EgressNotAllowed()
    {
        const string ns = "quota-egress";
        await H.Quotas.CreateAsync(Quota(ns, q => q.AllowedEgress = [new EgressRule { Host = "*.example.com", Port = 443 }]));
        var ok = OperatorHarness.NewWorker(ns, "inside", Image("inside", '4'), "inside.example.com");
        ok.Spec.Egress = [new EgressRule { Host = "api.example.com", Port = 443 }];
        var bad = OperatorHarness.NewWorker(ns, "outside", Image("outside", '5'), "outside.example.com");
        bad.Spec.Egress = [new EgressRule { Host = "evil.org", Port = 443 }];
        await H.CreateWorkerAsync(ok);
        await H.CreateWorkerAsync(bad);

        await H.WaitForConditionAsync(ns, "inside", WorkerConditions.QuotaAccepted, "True");
        var rejected = await H.WaitForConditionAsync(ns, "outside", WorkerConditions.QuotaAccepted, "False", "EgressNotAllowed");
        Assert.Contains("evil.org:443", WorkerLifecycleTests.Condition(rejected, WorkerConditions.QuotaAccepted).Message);
    }

    [Fact]
    public async Task SignaturesRequired_SignatureVerifiedFalseHonestly_ModuleNotServed()
    {
        const string ns = "quota-signed";
        await H.Quotas.CreateAsync(Quota(ns, q => q.Signatures = new SignaturePolicy
        {
            Required = true,
            TrustedKeys = [new SecretKeyReference { SecretName = "keys", Key = "cosign.pub" }],
        }));
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "unsigned", Image("unsigned", '6')));

        var status = await H.WaitForConditionAsync(ns, "unsigned", WorkerConditions.SignatureVerified, "False", "VerificationNotImplemented");
        Assert.Contains("cannot verify", WorkerLifecycleTests.Condition(status, WorkerConditions.SignatureVerified).Message);
        Assert.Equal("VerificationNotImplemented", WorkerLifecycleTests.Condition(status, WorkerConditions.Ready).Reason);
        Assert.Empty((await H.GetRuntimeConfigAsync(ns))!.Workers);
    }

    [Fact]
    public async Task UnreachableRegistry_ModuleResolvedFalseWithCause_RetriedWithBackoff()
    {
        const string ns = "registry-down";
        var port = ClosedPort();
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "offline", $"127.0.0.1:{port}/t/offline:1.0"));

        var status = await H.WaitForConditionAsync(ns, "offline", WorkerConditions.ModuleResolved, "False", "RegistryUnreachable");
        Assert.Contains($"127.0.0.1:{port}", WorkerLifecycleTests.Condition(status, WorkerConditions.ModuleResolved).Message);
        Assert.Null(status.Status!.ResolvedDigest);
        await Eventually.UntilAsync(() => Task.FromResult(Lookups(H.Metrics().Render()) >= 3), "the lookup is retried with backoff");
        Assert.True(Lookups(H.Metrics().Render()) < 50, "retries back off instead of spinning");
    }

    [Fact]
    public async Task MissingPullSecret_PullSecretNotFound()
    {
        const string ns = "registry-secret";
        var worker = OperatorHarness.NewWorker(ns, "private", "registry.example.com/t/private:1.0");
        worker.Spec.Module.PullSecret = "absent";
        await H.CreateWorkerAsync(worker);

        var status = await H.WaitForConditionAsync(ns, "private", WorkerConditions.ModuleResolved, "False", "PullSecretNotFound");
        Assert.Contains("registry-secret/absent", WorkerLifecycleTests.Condition(status, WorkerConditions.ModuleResolved).Message);
    }

    internal static WorkerQuota Quota(string ns, Action<WorkerQuotaSpec> configure)
    {
        var spec = new WorkerQuotaSpec();
        configure(spec);
        return new WorkerQuota { Metadata = new V1ObjectMeta { Name = "default", NamespaceProperty = ns }, Spec = spec };
    }

    private static long Lookups(string metrics) =>
        System.Text.RegularExpressions.Regex.Match(metrics, "outcome=\"RegistryUnreachable\"} (\\d+)") is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
