using Microsoft.Extensions.Configuration;
using Wharf.Operator.Options;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.Options;

public sealed class OperatorOptionsTests
{
    [Fact]
    public void Validate_Defaults_Valid()
    {
        Assert.Empty(TestObjects.Options.Validate());
    }

    [Fact]
    public void Validate_EveryProblem_ListedAtOnce()
    {
        var bad = TestObjects.Options with
        {
            Namespace = "Not_A_Namespace",
            Identity = " ",
            LeaderElectionId = "",
            NodeRuntimeImage = "",
            NodeRuntimePort = 0,
            UrlScheme = "ftp",
            PlainHttpRegistries = ["http://x/"],
            Concurrency = 0,
            RuntimePodDefaults = new RuntimePodDefaults { MemoryLimit = "lots" },
        };
        var errors = bad.Validate();
        Assert.Equal(9, errors.Count);
        var ex = Assert.Throws<ArgumentException>(bad.ThrowIfInvalid);
        Assert.Contains("node-runtime image", ex.Message);
        Assert.Contains("lots", ex.Message);
    }

    [Fact]
    public void Read_Flags_ParsedIntoOptions()
    {
        var config = new ConfigurationBuilder().AddCommandLine([
            "--namespace=wharf", "--identity=pod-1", "--leader-elect=false", "--node-runtime-image=r.io/runtime:1",
            "--registry-plain-http=a:5000, b:5000", "--lease-duration=20s", "--concurrency=8", "--listen=http://127.0.0.1:9000",
        ]).Build();
        var options = OptionsReader.Read(config, out var listen);
        Assert.Equal(("wharf", "pod-1", false, "r.io/runtime:1"), (options.Namespace, options.Identity, options.LeaderElection, options.NodeRuntimeImage));
        Assert.Equal(["a:5000", "b:5000"], options.PlainHttpRegistries);
        Assert.Equal(TimeSpan.FromSeconds(20), options.LeaseDuration);
        Assert.Equal(8, options.Concurrency);
        Assert.Equal("http://127.0.0.1:9000", listen);
        Assert.True(options.IsPlainHttp("A:5000"));
    }

    [Fact]
    public void Read_UnparseableFlags_AllReported()
    {
        var config = new ConfigurationBuilder().AddCommandLine(["--leader-elect=maybe", "--concurrency=many", "--lease-duration=soon"]).Build();
        var ex = Assert.Throws<ArgumentException>(() => OptionsReader.Read(config, out _));
        Assert.Contains("--leader-elect=maybe", ex.Message);
        Assert.Contains("--concurrency=many", ex.Message);
        Assert.Contains("--lease-duration=soon", ex.Message);
        Assert.Contains("node-runtime image", ex.Message);
    }

    [Fact]
    public void ElectionTimings_DerivedInClientGoProportions_PassLeaderElectionValidation()
    {
        var (renew, retry) = (TestObjects.Options with { LeaseDuration = TimeSpan.FromSeconds(3) }).ElectionTimings();
        Assert.Equal(TimeSpan.FromSeconds(2), renew);
        Assert.Equal(TimeSpan.FromSeconds(0.4), retry);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)), (TestObjects.Options with { LeaseDuration = TimeSpan.FromSeconds(15) }).ElectionTimings());
        var le = new Wharf.Kube.LeaderElection.LeaderElectionOptions
        {
            LeaseName = "x", Namespace = "y", Identity = "z", LeaseDuration = TimeSpan.FromSeconds(3), RenewDeadline = renew, RetryPeriod = retry,
        };
        Assert.Empty(le.Validate());
    }
}
