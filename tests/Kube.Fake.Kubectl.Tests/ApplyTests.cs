using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Kubectl.Tests;

public sealed class ApplyTests(FakeHostFixture host) : KubectlTest(host)
{
    private static string Deployment(string ns, string env) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {ns}
        spec:
          replicas: 2
          selector:
            matchLabels: {"{"}app: web{"}"}
          template:
            metadata:
              labels: {"{"}app: web{"}"}
            spec:
              containers:
                - name: web
                  image: example.com/web:1
                  ports:
                    - containerPort: 8080
                  env:
        {env}
                - name: sidecar
                  image: example.com/sidecar:1
        """;

    private static string Env(params string[] names) =>
        string.Join('\n', names.Select(n => $"                    - name: {n}\n                      value: v-{n}"));

    [KubectlFact]
    public async Task ClientSideApply_Worker_CreatesThenConfiguresThenIsUnchanged()
    {
        var ns = await NewNamespaceAsync();
        Assert.Contains("worker.wharf.dev/csa created", (await KubectlWithInput(Worker("csa", ns), "apply", "-f", "-")).Ok().Stdout, StringComparison.Ordinal);
        Assert.Contains("configured", (await KubectlWithInput(Worker("csa", ns, memory: "128Mi"), "apply", "-f", "-")).Ok().Stdout, StringComparison.Ordinal);
        Assert.Contains("unchanged", (await KubectlWithInput(Worker("csa", ns, memory: "128Mi"), "apply", "-f", "-")).Ok().Stdout, StringComparison.Ordinal);
        var live = JsonNode.Parse((await Kubectl("get", "worker", "csa", "-n", ns, "-o", "json")).Ok().Stdout)!;
        Assert.Equal("128Mi", (string?)live["spec"]!["limits"]!["memory"]);
        var lastApplied = (string?)live["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"];
        Assert.Contains("128Mi", lastApplied, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task ClientSideApply_BuiltIn_MergesListsByKey()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Deployment(ns, Env("A", "B")), "apply", "-f", "-")).Ok();

        // Another writer adds an env var kubectl never applied: a strategic merge keeps it.
        var patch = """{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"INJECTED","value":"x"}]}]}}}}""";
        (await Kubectl("patch", "deployment", "web", "-n", ns, "--type=strategic", "-p", patch)).Ok();

        (await KubectlWithInput(Deployment(ns, Env("C", "A")), "apply", "-f", "-")).Ok();
        var live = JsonNode.Parse((await Kubectl("get", "deployment", "web", "-n", ns, "-o", "json")).Ok().Stdout)!;
        var containers = live["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["web", "sidecar"], containers.Select(c => (string?)c!["name"]));
        var env = containers[0]!["env"]!.AsArray().Select(e => (string?)e!["name"]).ToList();
        Assert.Equal(["C", "A", "INJECTED"], env);
        Assert.Equal(8080, (int)containers[0]!["ports"]![0]!["containerPort"]!);
        Assert.DoesNotContain("$setElementOrder", live.ToJsonString(), StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task ClientSideApply_BuiltInWithoutTypeMeta_IsDefaultedFromUrl()
    {
        var ns = await NewNamespaceAsync();
        using var client = Host.CreateClient();
        using var content = new StringContent("""{"metadata":{"name":"bare"},"data":{"k":"v"}}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps", UriKind.Relative), content);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ConfigMap", (string?)created["kind"]);
        Assert.Equal("v", (await Kubectl("get", "configmap", "bare", "-n", ns, "-o", "jsonpath={.data.k}")).Ok().Stdout);
    }

    [KubectlFact]
    public async Task ServerSideApply_Worker_RecordsManagerAndDetectsConflicts()
    {
        var ns = await NewNamespaceAsync();
        Assert.Contains("serverside-applied", (await KubectlWithInput(Worker("ssa", ns), "apply", "--server-side", "-f", "-")).Ok().Stdout, StringComparison.Ordinal);
        var live = JsonNode.Parse((await Kubectl("get", "worker", "ssa", "-n", ns, "-o", "json", "--show-managed-fields")).Ok().Stdout)!;
        Assert.Contains(live["metadata"]!["managedFields"]!.AsArray(), m => (string?)m!["manager"] == "kubectl" && (string?)m["operation"] == "Apply");

        var other = (await KubectlWithInput(Worker("ssa", ns, memory: "32Mi"), "apply", "--server-side", "--field-manager=someone-else", "-f", "-")).Failed();
        Assert.Contains("conflict", other.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(".spec.limits.memory", other.Stderr, StringComparison.Ordinal);
        (await KubectlWithInput(Worker("ssa", ns, memory: "32Mi"), "apply", "--server-side", "--field-manager=someone-else", "--force-conflicts", "-f", "-")).Ok();
        Assert.Equal("32Mi", (await Kubectl("get", "worker", "ssa", "-n", ns, "-o", "jsonpath={.spec.limits.memory}")).Ok().Stdout);
    }

    [KubectlFact]
    public async Task ServerSideApply_BuiltIn_Works()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Deployment(ns, Env("A")), "apply", "--server-side", "-f", "-")).Ok();
        (await KubectlWithInput(Deployment(ns, Env("A", "B")), "apply", "--server-side", "-f", "-")).Ok();
        var env = (await Kubectl("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].env[*].name}")).Ok();
        Assert.Equal("A B", env.Stdout);
    }

    [KubectlFact]
    public async Task ApplyKustomize_Samples_CreatesEveryWharfKind()
    {
        // The samples name their namespace (tenant-a): created here as an operator would.
        (await KubectlWithInput("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tenant-a\n", "apply", "-f", "-")).Ok();
        var result = (await Kubectl("apply", "-k", "config/samples")).Ok();
        Assert.Contains("worker.wharf.dev/hello", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("kvnamespace.wharf.dev/sessions", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("workerquota.wharf.dev/default", result.Stdout, StringComparison.Ordinal);
        (await Kubectl("get", "workers", "hello", "-n", "tenant-a")).Ok();
    }

    [KubectlFact]
    public async Task ApplyKustomize_ConfigDefault_AppliesTwiceCleanly()
    {
        var manifests = (await Kubectl("kustomize", "config/default")).Ok().Stdout;
        var first = (await KubectlWithInput(manifests, "apply", "-f", "-")).Ok();
        Assert.Contains("deployment.apps/wharf-operator", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/workers.wharf.dev", first.Stdout, StringComparison.Ordinal);
        var second = (await KubectlWithInput(manifests, "apply", "-f", "-")).Ok();
        Assert.DoesNotContain("configured", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/wharf-operator unchanged", second.Stdout, StringComparison.Ordinal);
        (await Kubectl("get", "deployment", "wharf-operator", "-n", "wharf-system")).Ok();
    }

    [KubectlFact]
    public async Task ApplyServerDryRun_NotImplemented_FailsWithoutWriting()
    {
        var ns = await NewNamespaceAsync();
        var result = (await KubectlWithInput(Worker("dry", ns), "apply", "--dry-run=server", "-f", "-")).Failed();
        Assert.Contains("dryRun is not implemented", result.Stderr, StringComparison.Ordinal);
        (await Kubectl("get", "worker", "dry", "-n", ns)).Failed();
    }
}
