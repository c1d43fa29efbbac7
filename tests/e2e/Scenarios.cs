namespace Wharf.E2e;

/// <summary>The e2e scenarios, in order: later ones build on what earlier ones set up.</summary>
internal static class Scenarios
{
    public sealed record Scenario(string Name, Func<CancellationToken, Task> Run);

    public static IEnumerable<Scenario> All(Platform p)
    {
        yield return new("install the platform: kubectl kustomize config/default | kubectl apply -f -", async ct =>
        {
            var manifests = (await Fixtures.Command.RunAsync("kubectl", ["kustomize", p.RepoPath("config", "default")])).EnsureSuccess("kubectl kustomize");
            (await p.KubectlAsync(["apply", "-f", "-"], stdin: manifests.Stdout)).EnsureSuccess("kubectl apply");
        });

        yield return new("the operator runs as its Deployment says and turns ready", ct =>
            Platform.EventuallyAsync("operator ready", () => Task.FromResult(p.ReadyPods("wharf-system", "wharf-operator").Count > 0),
                TimeSpan.FromSeconds(90), ct));
    }
}
