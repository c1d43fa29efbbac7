using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Kubectl.Tests;

public sealed class DiscoveryTests(FakeHostFixture host) : KubectlTest(host)
{
    [KubectlFact]
    public async Task Version_ServerVersion_IsReported()
    {
        var result = (await Kubectl("version", "-o", "json")).Ok();
        var server = JsonNode.Parse(result.Stdout)!["serverVersion"]!;
        Assert.Equal("1", (string?)server["major"]);
        Assert.False(string.IsNullOrEmpty((string?)server["gitVersion"]));
    }

    [KubectlFact]
    public async Task ApiResources_Wharf_ShowsShortNamesAndCategories()
    {
        var result = (await Kubectl("api-resources", "--api-group=wharf.dev", "-o", "wide")).Ok();
        var worker = result.Stdout.Split('\n').Single(l => l.StartsWith("workers ", StringComparison.Ordinal));
        Assert.Contains(" wk ", worker, StringComparison.Ordinal);
        Assert.Contains("wharf.dev/v1alpha1", worker, StringComparison.Ordinal);
        Assert.Contains("Worker", worker, StringComparison.Ordinal);
        Assert.Contains("create,delete,deletecollection,get,list,patch,update,watch", worker, StringComparison.Ordinal);
        Assert.EndsWith("wharf", worker.TrimEnd(), StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task ApiResources_BuiltIns_AreListed()
    {
        var result = (await Kubectl("api-resources")).Ok();
        Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith("deployments ", StringComparison.Ordinal) && l.Contains(" deploy ", StringComparison.Ordinal) && l.Contains("apps/v1", StringComparison.Ordinal));
        Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith("configmaps ", StringComparison.Ordinal) && l.Contains(" cm ", StringComparison.Ordinal));
    }

    [KubectlFact]
    public async Task ApiVersions_ListsEveryGroupVersion()
    {
        var result = (await Kubectl("api-versions")).Ok();
        Assert.Contains("wharf.dev/v1alpha1", result.Stdout.Split('\n'));
        Assert.Contains("apps/v1", result.Stdout.Split('\n'));
        Assert.Contains("v1", result.Stdout.Split('\n'));
    }

    [KubectlFact]
    public async Task Get_Category_ListsEveryWharfKind()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("cat", ns), "apply", "-f", "-")).Ok();
        var result = (await Kubectl("get", "wharf", "-n", ns)).Ok();
        Assert.Contains("worker.wharf.dev/cat", result.Stdout, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Kubectl_Discovery_UsesAggregatedV2()
    {
        // kubectl asks for the aggregated form first; the log shows which one the server answered.
        var result = (await Kubectl("api-resources", "--cached=false", "-v=8")).Ok();
        Assert.Contains("GET " + Host.BaseAddress.ToString().TrimEnd('/') + "/apis", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", result.Stderr, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task AggregatedDiscovery_V2beta1_IsServedWhenAskedFor()
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        Assert.Contains("v=v2beta1", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("apidiscovery.k8s.io/v2beta1", (string?)body["apiVersion"]);
        var wharf = body["items"]!.AsArray().Single(g => (string?)g!["metadata"]!["name"] == "wharf.dev")!;
        var workers = wharf["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "workers")!;
        Assert.Equal("Namespaced", (string?)workers["scope"]);
        Assert.Equal("status", (string?)workers["subresources"]![0]!["subresource"]);
    }

    [KubectlFact]
    public async Task LegacyDiscovery_PlainJson_ListsGroupsAndResources()
    {
        using var client = Host.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var groups = JsonNode.Parse(await client.GetStringAsync(new Uri("/apis", UriKind.Relative)))!;
        Assert.Equal("APIGroupList", (string?)groups["kind"]);
        var list = JsonNode.Parse(await client.GetStringAsync(new Uri("/apis/wharf.dev/v1alpha1", UriKind.Relative)))!;
        Assert.Contains(list["resources"]!.AsArray(), r => (string?)r!["name"] == "workers/status");
    }
}
