using k8s;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Api.Workers;
using k8s.Models;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.EndToEnd;

/// <summary>A registry that demands Basic credentials (a minimal distribution endpoint served by Kestrel).</summary>
public sealed class BasicAuthRegistryFixture : IAsyncLifetime
{
    public const string Digest = "sha256:5555555555555555555555555555555555555555555555555555555555555555";
    private WebApplication _registry = null!;

    public string Host { get; private set; } = "";

    internal OperatorHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _registry = builder.Build();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:s3cret"));
        _registry.Run(context =>
        {
            if (context.Request.Headers.Authorization != expected)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"test\"";
                return Task.CompletedTask;
            }

            context.Response.StatusCode = context.Request.Path == "/v2/private/app/manifests/1.0" ? 200 : 404;
            context.Response.Headers["Docker-Content-Digest"] = Digest;
            return Task.CompletedTask;
        });
        await _registry.StartAsync();
        Host = new Uri(_registry.Urls.First()).Authority;
        Harness = await OperatorHarness.StartAsync();
        await Harness.StartOperatorAsync(OperatorHarness.DefaultOptions() with
        {
            PlainHttpRegistries = [Host],
            RegistryCredentialsSecret = "default-pull",
        });
    }

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await _registry.DisposeAsync();
    }
}

/// <summary>Credentials come from the worker's pull secret, else from the operator's default registry secret.</summary>
public sealed class PullSecretTests(BasicAuthRegistryFixture fixture) : IClassFixture<BasicAuthRegistryFixture>
{
    private OperatorHarness H => fixture.Harness;

    [Fact]
    public async Task WorkerPullSecret_BasicCredentialsUsed_TagResolved()
    {
        const string ns = "pull-own";
        await H.User.CoreV1.CreateNamespacedSecretAsync(DockerSecret(ns, "creds", fixture.Host, "robot", "s3cret"), ns);
        var worker = OperatorHarness.NewWorker(ns, "app", $"{fixture.Host}/private/app:1.0");
        worker.Spec.Module.PullSecret = "creds";
        await H.CreateWorkerAsync(worker);

        var status = await H.WaitForConditionAsync(ns, "app", WorkerConditions.ModuleResolved, "True", "Resolved");
        Assert.Equal(BasicAuthRegistryFixture.Digest, status.Status!.ResolvedDigest);
    }

    [Fact]
    public async Task WrongPassword_UnauthorizedNamingTheUserNotThePassword()
    {
        const string ns = "pull-wrong";
        await H.User.CoreV1.CreateNamespacedSecretAsync(DockerSecret(ns, "creds", fixture.Host, "robot", "not-the-password"), ns);
        var worker = OperatorHarness.NewWorker(ns, "app", $"{fixture.Host}/private/app:1.0");
        worker.Spec.Module.PullSecret = "creds";
        await H.CreateWorkerAsync(worker);

        var status = await H.WaitForConditionAsync(ns, "app", WorkerConditions.ModuleResolved, "False", "Unauthorized");
        var message = WorkerLifecycleTests.Condition(status, WorkerConditions.ModuleResolved).Message!;
        Assert.Contains("robot", message);
        Assert.DoesNotContain("not-the-password", message);
    }

    [Fact]
    public async Task NoWorkerPullSecret_OperatorDefaultSecretUsed()
    {
        const string ns = "pull-default";
        await H.User.CoreV1.CreateNamespacedSecretAsync(DockerSecret("wharf-system", "default-pull", fixture.Host, "robot", "s3cret"), "wharf-system");
        await H.CreateWorkerAsync(OperatorHarness.NewWorker(ns, "app", $"{fixture.Host}/private/app:1.0"));

        var status = await H.WaitForConditionAsync(ns, "app", WorkerConditions.ModuleResolved, "True", "Resolved");
        Assert.Equal(BasicAuthRegistryFixture.Digest, status.Status!.ResolvedDigest);
    }

    private static V1Secret DockerSecret(string ns, string name, string host, string user, string password) => new()
    {
        ApiVersion = V1Secret.KubeApiVersion,
        Kind = V1Secret.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Type = "kubernetes.io/dockerconfigjson",
        Data = new Dictionary<string, byte[]>
        {
            [".dockerconfigjson"] = Encoding.UTF8.GetBytes(new System.Text.Json.Nodes.JsonObject
            {
                ["auths"] = new System.Text.Json.Nodes.JsonObject
                {
                    [host] = new System.Text.Json.Nodes.JsonObject { ["username"] = user, ["password"] = password },
                },
            }.ToJsonString()),
        },
    };
}
