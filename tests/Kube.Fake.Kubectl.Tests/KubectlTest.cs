namespace Wharf.Kube.Fake.Kubectl.Tests;

/// <summary>Base of the kubectl tests: one standalone fake for the whole suite, a fresh namespace per test.</summary>
[Collection(FakeHostCollection.Name)]
public abstract class KubectlTest(FakeHostFixture host)
{
    protected FakeHostFixture Host { get; } = host;

    protected Task<KubectlResult> Kubectl(params string[] args) => Host.RunAsync(args);

    protected Task<KubectlResult> KubectlWithInput(string stdin, params string[] args) => Host.RunWithInputAsync(stdin, args);

    /// <summary>Creates a namespace through kubectl apply and returns its name.</summary>
    protected async Task<string> NewNamespaceAsync()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        (await KubectlWithInput($"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n", "apply", "-f", "-")).Ok();
        return name;
    }

    protected static string Worker(string name, string ns, string extraMetadata = "", string memory = "64Mi") => $"""
        apiVersion: wharf.dev/v1alpha1
        kind: Worker
        metadata:
          name: {name}
          namespace: {ns}
        {extraMetadata}
        spec:
          module:
            image: registry.example.com/{ns}/{name}:1.0.0
            runtime: javascript
          routes:
            - host: {name}.example.com
              pathPrefix: /
          limits:
            memory: {memory}
        """;
}
