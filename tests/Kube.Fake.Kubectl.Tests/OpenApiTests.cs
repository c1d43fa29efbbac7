using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Kubectl.Tests;

public sealed class OpenApiTests(FakeHostFixture host) : KubectlTest(host)
{
    [KubectlFact]
    public async Task Explain_WorkerSpecLimits_ShowsCrdFields()
    {
        var result = (await Kubectl("explain", "worker.spec.limits")).Ok();
        Assert.Contains("KIND:       Worker", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("VERSION:    v1alpha1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("FIELD: limits <Object>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("maxConcurrency\t<integer>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("memory\t<string>", result.Stdout, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Explain_WorkerSpec_ListsTopLevelFields()
    {
        var result = (await Kubectl("explain", "worker.spec")).Ok();
        Assert.Contains("module\t<Object> -required-", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("routes\t<[]Object>", result.Stdout, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Explain_WorkerMetadata_FollowsObjectMetaReference()
    {
        var result = (await Kubectl("explain", "worker.metadata.labels")).Ok();
        Assert.Contains("FIELD: labels <map[string]string>", result.Stdout, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Explain_BuiltIn_ShowsFieldsFromModels()
    {
        var result = (await Kubectl("explain", "deployment.spec.template.spec.containers")).Ok();
        Assert.Contains("KIND:       Deployment", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("env\t<[]EnvVar>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("image\t<string>", result.Stdout, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task OpenApiV3_WharfGroup_HasCrdSchemaAndFieldValidation()
    {
        var index = JsonNode.Parse((await Kubectl("get", "--raw", "/openapi/v3")).Ok().Stdout)!;
        var url = (string)index["paths"]!["apis/wharf.dev/v1alpha1"]!["serverRelativeURL"]!;
        var document = JsonNode.Parse((await Kubectl("get", "--raw", url)).Ok().Stdout)!;
        var worker = document["components"]!["schemas"]!["dev.wharf.v1alpha1.Worker"]!;
        Assert.Equal("Worker", (string?)worker["x-kubernetes-group-version-kind"]![0]!["kind"]);
        Assert.NotNull(worker["properties"]!["spec"]!["properties"]!["limits"]);
        var patch = document["paths"]!["/apis/wharf.dev/v1alpha1/namespaces/{namespace}/workers/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation");
    }

    [KubectlFact]
    public async Task OpenApiV2_Json_HasDefinitionsOfCrdsAndBuiltIns()
    {
        var document = JsonNode.Parse((await Kubectl("get", "--raw", "/openapi/v2")).Ok().Stdout)!;
        Assert.Equal("2.0", (string?)document["swagger"]);
        var definitions = document["definitions"]!;
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            (string?)definitions["dev.wharf.v1alpha1.Worker"]!["properties"]!["metadata"]!["$ref"]);
        Assert.Equal("name", (string?)definitions["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!["x-kubernetes-patch-merge-key"]);
    }

    [KubectlFact]
    public async Task Apply_UnknownField_IsRejectedByServerSideValidation()
    {
        var ns = await NewNamespaceAsync();
        var manifest = Worker("strict", ns).Replace("runtime: javascript", "runtime: javascript\n    bogus: 1", StringComparison.Ordinal);
        var result = (await KubectlWithInput(manifest, "apply", "-f", "-")).Failed();
        Assert.Contains("unknown field \"spec.module.bogus\"", result.Stderr, StringComparison.Ordinal);
        (await KubectlWithInput(manifest, "apply", "--validate=false", "-f", "-")).Ok();
    }

    [KubectlFact]
    public async Task Apply_SchemaViolation_IsInvalid()
    {
        var ns = await NewNamespaceAsync();
        var manifest = Worker("bad", ns).Replace("runtime: javascript", "runtime: cobol", StringComparison.Ordinal);
        var result = (await KubectlWithInput(manifest, "apply", "-f", "-")).Failed();
        Assert.Contains("is invalid", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.module.runtime", result.Stderr, StringComparison.Ordinal);
    }
}
