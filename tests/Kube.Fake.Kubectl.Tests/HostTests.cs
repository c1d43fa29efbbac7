using System.Text;

namespace Wharf.Kube.Fake.Kubectl.Tests;

public sealed class HostTests(FakeHostFixture host) : KubectlTest(host)
{
    [KubectlFact]
    public async Task Host_Kubeconfig_PointsKubectlAtTheServer()
    {
        var text = await File.ReadAllTextAsync(Host.KubeconfigPath);
        Assert.Contains("server: " + Host.BaseAddress.ToString().TrimEnd('/'), text, StringComparison.Ordinal);
        var result = (await Kubectl("get", "namespaces", "-o", "name")).Ok();
        Assert.Contains("namespace/default", result.Stdout.Split('\n'));
        Assert.Contains("namespace/kube-system", result.Stdout.Split('\n'));
    }

    [KubectlFact]
    public async Task Host_MissingNamespace_IsRefusedAsOnARealServer()
    {
        var result = (await KubectlWithInput(Worker("orphan", "no-such-namespace"), "apply", "-f", "-")).Failed();
        Assert.Contains("namespaces \"no-such-namespace\" not found", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_Sigterm_StopsCleanly()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wharf-host-" + Guid.NewGuid().ToString("N")[..8]);
        var output = new StringBuilder();
        try
        {
            var (process, address) = await FakeHostFixture.StartHostAsync(["--port", "0", "--kubeconfig", Path.Combine(dir, "kc")], output);
            using (process)
            {
                Assert.Equal("127.0.0.1", address.Host);
                Assert.NotEqual(0, address.Port);
                Assert.True(File.Exists(Path.Combine(dir, "kc")));
                Assert.Equal(0, await FakeHostFixture.StopAsync(process));
            }
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Host_BadArguments_ExitWithUsage()
    {
        var output = new StringBuilder();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FakeHostFixture.StartHostAsync(["--port", "x"], output));
        Assert.Contains("--port must be 0-65535", error.Message, StringComparison.Ordinal);
        Assert.Contains("--kubeconfig is required", error.Message, StringComparison.Ordinal);
    }
}
