using System.Text;


namespace Wharf.Oci.Tests.References;

public sealed class ReferenceAndCredentialTests
{
    private const string D = "sha256:abababababababababababababababababababababababababababababababab";

    [Theory]
    [InlineData("registry.example.com/t/hello:1.0", "registry.example.com", "t/hello", "1.0", null)]
    [InlineData("localhost:5000/hello", "localhost:5000", "hello", null, null)]
    [InlineData("localhost/hello", "localhost", "hello", null, null)]
    [InlineData("alpine", "docker.io", "library/alpine", null, null)]
    [InlineData("team/app:v2", "docker.io", "team/app", "v2", null)]
    [InlineData("ghcr.io/a/b/c:t@" + D, "ghcr.io", "a/b/c", "t", D)]
    [InlineData("127.0.0.1:5000/x@" + D, "127.0.0.1:5000", "x", null, D)]
    public void TryParse_Valid_SplitsLikeTheDistributionGrammar(string text, string registry, string repository, string? tag, string? digest)
    {
        Assert.True(ImageReference.TryParse(text, out var r, out var error), error);
        Assert.Equal(new ImageReference(registry, repository, tag, digest), r);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("registry.example.com/t/hello@sha256:abc", "not a sha256 digest")]
    [InlineData("registry.example.com/T/Hello:1", "not a valid repository")]
    [InlineData("registry.example.com/t/hello:bad tag", "not a valid tag")]
    public void TryParse_Invalid_ExplainsWhy(string text, string why)
    {
        Assert.False(ImageReference.TryParse(text, out _, out var error));
        Assert.Contains(why, error);
    }

    [Fact]
    public void ManifestReference_DigestWinsOverTag_DefaultLatest()
    {
        Assert.True(ImageReference.TryParse("r.io/a:t@" + D, out var pinned, out _));
        Assert.Equal(D, pinned!.ManifestReference);
        Assert.True(ImageReference.TryParse("r.io/a", out var bare, out _));
        Assert.Equal("latest", bare!.ManifestReference);
        Assert.Equal("registry-1.docker.io", new ImageReference("docker.io", "library/a", null, null).ApiHost);
    }

    [Fact]
    public void AuthChallenge_Bearer_ParsesQuotedParameters()
    {
        var c = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"");
        Assert.Equal("Bearer", c!.Scheme);
        Assert.Equal("https://auth.docker.io/token", c.Parameters["realm"]);
        Assert.Equal("registry.docker.io", c.Parameters["service"]);
        Assert.Equal("repository:library/alpine:pull", c.Parameters["scope"]);
    }

    [Fact]
    public void AuthChallenge_UnquotedEscapedAndMalformed()
    {
        Assert.Equal("r", AuthChallenge.Parse("Basic realm=r")!.Parameters["realm"]);
        Assert.Equal("a\"b", AuthChallenge.Parse("Basic realm=\"a\\\"b\"")!.Parameters["realm"]);
        Assert.Null(AuthChallenge.Parse("Basic realm=\"unterminated"));
        Assert.Null(AuthChallenge.Parse("  "));
    }

    [Fact]
    public void DockerConfig_UsernamePasswordOrAuth_MatchedByHost()
    {
        var json = """{"auths":{"https://registry.example.com/v1/":{"username":"u","password":"p"},"other.io":{"auth":"dXNlcjpwYTpzcw=="}}}""";
        Assert.Equal(new RegistryCredentials("u", "p"), DockerConfig.Find(Encoding.UTF8.GetBytes(json), "registry.example.com"));
        Assert.Equal(new RegistryCredentials("user", "pa:ss"), DockerConfig.Find(Encoding.UTF8.GetBytes(json), "other.io"));
        Assert.Null(DockerConfig.Find(Encoding.UTF8.GetBytes(json), "third.io"));
    }

    [Fact]
    public void DockerConfig_DockerHubAliases_Match()
    {
        var json = """{"auths":{"https://index.docker.io/v1/":{"username":"u","password":"p"}}}""";
        Assert.NotNull(DockerConfig.Find(Encoding.UTF8.GetBytes(json), "docker.io"));
    }

    [Fact]
    public void DockerConfig_Malformed_FormatExceptionWithoutTheSecret()
    {
        var ex = Assert.Throws<FormatException>(() => DockerConfig.Find(Encoding.UTF8.GetBytes("{\"auths\":{\"r.io\":{\"password\":\"hunter2\"}}}"), "r.io"));
        Assert.DoesNotContain("hunter2", ex.Message);
        Assert.Throws<FormatException>(() => DockerConfig.Find(Encoding.UTF8.GetBytes("not json"), "r.io"));
        Assert.Throws<FormatException>(() => DockerConfig.Find(Encoding.UTF8.GetBytes("{}"), "r.io"));
    }

    [Fact]
    public void RegistryCredentials_ToString_HidesPassword()
    {
        var text = new RegistryCredentials("robot", "hunter2").ToString();
        Assert.Contains("robot", text);
        Assert.DoesNotContain("hunter2", text);
    }
}
