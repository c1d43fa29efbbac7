using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Kubectl.Tests;

public sealed class LifecycleTests(FakeHostFixture host) : KubectlTest(host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [KubectlFact]
    public async Task Delete_WithFinalizer_KeepsObjectUntilFinalizerIsRemoved()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("held", ns, "  finalizers: [example.com/hold]"), "apply", "-f", "-")).Ok();
        Assert.Contains("deleted", (await Kubectl("delete", "worker", "held", "-n", ns, "--wait=false")).Ok().Stdout, StringComparison.Ordinal);
        var stamp = (await Kubectl("get", "worker", "held", "-n", ns, "-o", "jsonpath={.metadata.deletionTimestamp}")).Ok();
        Assert.False(string.IsNullOrEmpty(stamp.Stdout));

        (await Kubectl("patch", "worker", "held", "-n", ns, "--type=merge", "-p", """{"metadata":{"finalizers":null}}""")).Ok();
        var gone = (await Kubectl("get", "worker", "held", "-n", ns)).Failed();
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Delete_Waiting_ReturnsOnceFinalizerIsRemoved()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("slow", ns, "  finalizers: [example.com/hold]"), "apply", "-f", "-")).Ok();
        using var delete = Host.Start("delete", "worker", "slow", "-n", ns, "--timeout=60s");
        var output = delete.StandardOutput.ReadToEndAsync();

        // kubectl deletes, then waits; the object stays (terminating) until the finalizer goes.
        await WaitUntilAsync(async () => (await Kubectl("get", "worker", "slow", "-n", ns, "-o", "jsonpath={.metadata.deletionTimestamp}")).Stdout.Length > 0);
        Assert.False(delete.HasExited);
        (await Kubectl("patch", "worker", "slow", "-n", ns, "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""")).Ok();
        await delete.WaitForExitAsync().WaitAsync(Patience);
        Assert.Equal(0, delete.ExitCode);
        Assert.Contains("deleted", await output, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Wait_ConditionReady_ReturnsWhenStatusSaysSo()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("waited", ns), "apply", "-f", "-")).Ok();
        using var wait = Host.Start("wait", "--for=condition=Ready", "worker/waited", "-n", ns, "--timeout=60s");
        var output = wait.StandardOutput.ReadToEndAsync();
        var errors = wait.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(wait.HasExited, await StderrIfExited(wait, errors));

        var status = """{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Serving","message":"serving","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""";
        (await Kubectl("patch", "worker", "waited", "-n", ns, "--subresource=status", "--type=merge", "-p", status)).Ok();
        await wait.WaitForExitAsync().WaitAsync(Patience);
        Assert.True(wait.ExitCode == 0, await errors);
        Assert.Contains("worker.wharf.dev/waited condition met", await output, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Wait_Delete_ReturnsWhenObjectIsGone()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("doomed", ns), "apply", "-f", "-")).Ok();
        using var wait = Host.Start("wait", "--for=delete", "worker/doomed", "-n", ns, "--timeout=60s");
        var output = wait.StandardOutput.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        (await Kubectl("delete", "worker", "doomed", "-n", ns)).Ok();
        await wait.WaitForExitAsync().WaitAsync(Patience);
        Assert.Equal(0, wait.ExitCode);
        Assert.Contains("condition met", await output, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task GetWatch_Workers_PrintsNewAndChangedRows()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("first", ns), "apply", "-f", "-")).Ok();
        using var watch = Host.Start("get", "workers", "-n", ns, "-w");
        var lines = new List<string>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watch.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
                if (lines.Any(l => l.StartsWith("second", StringComparison.Ordinal)))
                {
                    seen.TrySetResult();
                }
            }
        };
        watch.BeginOutputReadLine();
        try
        {
            await WaitUntilAsync(() => Task.FromResult(Snapshot(lines).Any(l => l.StartsWith("first", StringComparison.Ordinal))));
            (await KubectlWithInput(Worker("second", ns), "apply", "-f", "-")).Ok();
            await seen.Task.WaitAsync(Patience);
        }
        finally
        {
            watch.Kill();
        }

        var all = Snapshot(lines);
        Assert.Equal(["NAME", "RUNTIME", "READY", "NODES", "DESIRED", "URL", "AGE"], all[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Single(all, l => l.StartsWith("NAME", StringComparison.Ordinal));
        Assert.Contains(all, l => l.StartsWith("second", StringComparison.Ordinal) && l.Contains("javascript", StringComparison.Ordinal));
    }

    [KubectlFact]
    public async Task Describe_WorkerAndDeployment_Work()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("described", ns), "apply", "-f", "-")).Ok();
        var worker = (await Kubectl("describe", "worker", "described", "-n", ns)).Ok();
        Assert.Contains("Name:         described", worker.Stdout, StringComparison.Ordinal);
        Assert.Contains("Kind:         Worker", worker.Stdout, StringComparison.Ordinal);
        Assert.Contains("Events:", worker.Stdout, StringComparison.Ordinal);

        var deployment = $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: {ns}\nspec:\n  selector:\n    matchLabels: {{app: d}}\n  template:\n    metadata:\n      labels: {{app: d}}\n    spec:\n      containers:\n        - name: c\n          image: example.com/c:1\n";
        (await KubectlWithInput(deployment, "apply", "-f", "-")).Ok();
        var described = (await Kubectl("describe", "deployment", "d", "-n", ns)).Ok();
        Assert.Contains("example.com/c:1", described.Stdout, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Describe_Events_AreFoundByInvolvedObject()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("eventful", ns), "apply", "-f", "-")).Ok();
        var uid = (await Kubectl("get", "worker", "eventful", "-n", ns, "-o", "jsonpath={.metadata.uid}")).Ok().Stdout;
        var evt = $"apiVersion: v1\nkind: Event\nmetadata:\n  name: eventful.1\n  namespace: {ns}\ninvolvedObject:\n  apiVersion: wharf.dev/v1alpha1\n  kind: Worker\n  name: eventful\n  namespace: {ns}\n  uid: {uid}\nreason: Resolved\nmessage: resolved the digest\ntype: Normal\nsource:\n  component: wharf-operator\ncount: 1\nfirstTimestamp: \"2026-01-01T00:00:00Z\"\nlastTimestamp: \"2026-01-01T00:00:00Z\"\n";
        (await KubectlWithInput(evt, "apply", "-f", "-")).Ok();
        var described = (await Kubectl("describe", "worker", "eventful", "-n", ns)).Ok();
        Assert.Contains("resolved the digest", described.Stdout, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task GetOutputs_YamlJsonPathAndName_Work()
    {
        var ns = await NewNamespaceAsync();
        (await KubectlWithInput(Worker("out", ns), "apply", "-f", "-")).Ok();
        var yaml = (await Kubectl("get", "worker", "out", "-n", ns, "-o", "yaml")).Ok();
        Assert.Contains("kind: Worker", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("memory: 64Mi", yaml.Stdout, StringComparison.Ordinal);
        var path = (await Kubectl("get", "workers", "-n", ns, "-o", "jsonpath={.items[*].spec.module.runtime}")).Ok();
        Assert.Equal("javascript", path.Stdout);
        var name = (await Kubectl("get", "wk", "-n", ns, "-o", "name")).Ok();
        Assert.Equal("worker.wharf.dev/out", name.Stdout.Trim());
        var json = JsonNode.Parse((await Kubectl("get", "workers", "-n", ns, "-o", "json")).Ok().Stdout)!;
        Assert.Equal("List", (string?)json["kind"]);
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private static async Task<string> StderrIfExited(Process process, Task<string> stderr) =>
        process.HasExited ? await stderr : "";

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in time");
            await Task.Delay(100);
        }
    }
}
