namespace Wharf.Kube.Fake.Tests.Yaml;

public sealed class CrdLoaderTests(FakeKubeServerFixture fixture) : FakeServerTest(fixture)
{
    [Theory]
    [InlineData("workers", "Worker")]
    [InlineData("kvnamespaces", "KvNamespace")]
    [InlineData("workerquotas", "WorkerQuota")]
    public void EmbeddedCrds_AreServedWithStatusAndSchema(string plural, string kind)
    {
        var resource = Server.Resources.Single(r => r.Group == "wharf.dev" && r.Plural == plural);

        Assert.Equal(kind, resource.Kind);
        Assert.True(resource.Namespaced);
        Assert.True(resource.HasStatus);
        Assert.True(resource.RequiresResourceVersionOnUpdate);
        Assert.NotNull(resource.Schema);
    }

    [Fact]
    public void LoadDirectory_Missing_Throws() =>
        Assert.Throws<DirectoryNotFoundException>(() => CrdLoader.LoadDirectory("/no/such/dir").ToList());
}
