using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Kubectl.Tests;

public sealed class TableTests(FakeHostFixture host) : KubectlTest(host)
{
    private static string[] Header(string output) =>
        output.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [KubectlFact]
    public async Task GetWorkers_PrinterColumns_AreShown()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("cols", ns), "apply", "-f", "-")).Ok();
        var result = (await Kubectl("get", "workers", "-n", ns)).Ok();
        Assert.Equal(["NAME", "RUNTIME", "READY", "NODES", "DESIRED", "URL", "AGE"], Header(result.Stdout));
        Assert.StartsWith("cols", result.Stdout.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains("javascript", result.Stdout.Split('\n')[1], StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task GetWorkersWide_PriorityColumns_AreShown()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("wide", ns), "apply", "-f", "-")).Ok();
        var result = (await Kubectl("get", "workers", "-n", ns, "-o", "wide")).Ok();
        Assert.Equal(["NAME", "RUNTIME", "READY", "NODES", "DESIRED", "URL", "DIGEST", "AGE"], Header(result.Stdout));
    }

    [KubectlFact]
    public async Task GetWorkers_StatusColumns_ComeFromJsonPaths()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("ready", ns), "apply", "-f", "-")).Ok();
        var status = """{"status":{"nodesReady":2,"nodesDesired":3,"url":"https://ready.example.com","conditions":[{"type":"Degraded","status":"False","reason":"Fine","message":"","lastTransitionTime":"2026-01-01T00:00:00Z"},{"type":"Ready","status":"True","reason":"Serving","message":"","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""";
        (await Kubectl("patch", "worker", "ready", "-n", ns, "--subresource=status", "--type=merge", "-p", status)).Ok();
        var row = (await Kubectl("get", "worker", "ready", "-n", ns, "--no-headers")).Ok().Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ready", "javascript", "True", "2", "3", "https://ready.example.com"], row[..6]);
    }

    [KubectlFact]
    public async Task GetWorkers_AllNamespaces_AddsNamespaceColumn()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("everywhere", ns), "apply", "-f", "-")).Ok();
        var result = (await Kubectl("get", "workers", "-A")).Ok();
        Assert.Equal("NAMESPACE", Header(result.Stdout)[0]);
        Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith(ns, StringComparison.Ordinal) && l.Contains("everywhere", StringComparison.Ordinal));
    }

    [KubectlFact]
    public async Task GetBuiltIns_DefaultColumns_AreShown()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: {ns}\ndata:\n  a: \"1\"\n  b: \"2\"\n", "apply", "-f", "-")).Ok();
        var result = (await Kubectl("get", "configmaps", "-n", ns)).Ok();
        Assert.Equal(["NAME", "DATA", "AGE"], Header(result.Stdout));
        Assert.Equal("2", result.Stdout.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        var namespaces = (await Kubectl("get", "namespace", ns)).Ok();
        Assert.Equal(["NAME", "STATUS", "AGE"], Header(namespaces.Stdout));
    }

    [KubectlFact]
    public async Task Table_RawRequest_HasColumnDefinitionsAndPartialObjects()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("raw", ns), "apply", "-f", "-")).Ok();
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/apis/wharf.dev/v1alpha1/namespaces/{ns}/workers");
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Table", (string?)table["kind"]);
        Assert.Equal("name", (string?)table["columnDefinitions"]![0]!["format"]);
        Assert.Equal(1, (int)table["columnDefinitions"]!.AsArray().Single(c => (string?)c!["name"] == "Digest")!["priority"]!);
        var row = table["rows"]![0]!;
        Assert.Equal("raw", (string?)row["cells"]![0]);
        Assert.Equal("PartialObjectMetadata", (string?)row["object"]!["kind"]);
    }
}
