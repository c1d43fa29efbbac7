using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Tests.Crds;
using Wharf.Api.Validation;
using Wharf.Kube.Fake;

namespace Wharf.Api.Tests.Validation;

/// <summary>Plugs <see cref="WharfValidator"/> into the fake API server in place of the CRDs' CEL rules.</summary>
public sealed class FakeAdmissionTests
{
    internal static IEnumerable<AdmissionError> WharfAdmission(FakeResource resource, JsonObject obj)
    {
        IReadOnlyList<FieldViolation> violations = (resource.Group, resource.Kind) switch
        {
            (WharfApi.Group, "Worker") => WharfValidator.Validate(obj.Deserialize(WharfJsonContext.Default.Worker)!),
            (WharfApi.Group, "KvNamespace") => WharfValidator.Validate(obj.Deserialize(WharfJsonContext.Default.KvNamespace)!),
            (WharfApi.Group, "WorkerQuota") => WharfValidator.Validate(obj.Deserialize(WharfJsonContext.Default.WorkerQuota)!),
            _ => [],
        };
        return violations.Select(v => new AdmissionError(v.Field, v.Message));
    }

    [Fact]
    public async Task Create_WorkerBreakingCrossFieldRule_Returns422FromAdmission()
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeServerOptions { Admission = WharfAdmission });
        using var http = server.CreateClient();
        var sample = CrdFiles.Sample("worker");
        sample["spec"]!["bindings"]!["vars"]![0]!["name"] = "SESSIONS";

        using var response = await http.PostAsync("apis/wharf.dev/v1alpha1/namespaces/tenant-a/workers",
            new StringContent(sample.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("spec.bindings.vars[0].name", (string?)status["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Create_ValidSample_PassesAdmission()
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeServerOptions { Admission = WharfAdmission });
        using var http = server.CreateClient();

        using var response = await http.PostAsync("apis/wharf.dev/v1alpha1/namespaces/tenant-a/workers",
            new StringContent(CrdFiles.Sample("worker").ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
