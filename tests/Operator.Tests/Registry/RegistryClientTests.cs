using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Operator.Registry;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.Registry;

public sealed class RegistryClientTests
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    [Fact]
    public async Task Resolve_Pinned_NoRequest()
    {
        var handler = new StubHandler(_ => throw new InvalidOperationException("no request expected"));
        var result = await Resolve(handler, $"registry.example.com/t/hello@{Digest}");
        Assert.Equal(Digest, result.Digest);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Resolve_Anonymous_HeadWithManifestAcceptHeaders_ReadsDockerContentDigest()
    {
        var handler = new StubHandler(_ => WithDigest(new HttpResponseMessage(HttpStatusCode.OK)));
        var result = await Resolve(handler, "registry.example.com/t/hello:1.0");
        Assert.Equal(Digest, result.Digest);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Head, request.Method);
        Assert.Equal("https://registry.example.com/v2/t/hello/manifests/1.0", request.Uri.ToString());
        Assert.Equal(RegistryClient.ManifestMediaTypes.Order(), request.Accept.Order());
    }

    [Fact]
    public async Task Resolve_BearerChallenge_FetchesTokenWithBasicCredentialsThenRetries()
    {
        var handler = new StubHandler(r =>
        {
            if (r.Uri.Host == "auth.example.com")
            {
                return r.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:s3cret"))
                    ? Json("{\"token\":\"tok-123\"}") : new HttpResponseMessage(HttpStatusCode.Unauthorized);
            }

            if (r.Authorization == "Bearer tok-123")
            {
                return WithDigest(new HttpResponseMessage(HttpStatusCode.OK));
            }

            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.TryAddWithoutValidation("WWW-Authenticate",
                "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:t/hello:pull\"");
            return challenge;
        });
        var result = await Resolve(handler, "registry.example.com/t/hello:1.0", new RegistryCredentials("robot", "s3cret"));
        Assert.Equal(Digest, result.Digest);
        var token = handler.Requests[1];
        Assert.Equal("https://auth.example.com/token?service=registry.example.com&scope=repository%3At%2Fhello%3Apull", token.Uri.ToString());
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Resolve_BearerAnonymousToken_WorksWithoutCredentials()
    {
        var handler = new StubHandler(r => r.Uri.Host == "auth.example.com" ? Json("{\"access_token\":\"anon\"}")
            : r.Authorization == "Bearer anon" ? WithDigest(new HttpResponseMessage(HttpStatusCode.OK))
            : Challenge("Bearer realm=\"https://auth.example.com/token\""));
        var result = await Resolve(handler, "registry.example.com/t/hello:1.0");
        Assert.Equal(Digest, result.Digest);
        Assert.Null(handler.Requests[1].Authorization);
        Assert.Contains("scope=repository%3At%2Fhello%3Apull", handler.Requests[1].Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_BasicChallenge_SendsCredentials_WrongOnes_UnauthorizedWithoutPassword()
    {
        var good = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:right"));
        var handler = new StubHandler(r => r.Authorization == good ? WithDigest(new HttpResponseMessage(HttpStatusCode.OK)) : Challenge("Basic realm=\"registry\""));
        Assert.Equal(Digest, (await Resolve(handler, "registry.example.com/t/hello:1.0", new RegistryCredentials("robot", "right"))).Digest);

        var wrong = await Resolve(handler, "registry.example.com/t/hello:1.0", new RegistryCredentials("robot", "wrong-password"));
        Assert.Equal(ResolveFailure.Unauthorized, wrong.Failure);
        Assert.Contains("robot", wrong.Message);
        Assert.DoesNotContain("wrong-password", wrong.Message);

        var none = await Resolve(handler, "registry.example.com/t/hello:1.0");
        Assert.Equal(ResolveFailure.Unauthorized, none.Failure);
        Assert.Contains("pullSecret", none.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, nameof(ResolveFailure.ManifestNotFound))]
    [InlineData(HttpStatusCode.ServiceUnavailable, nameof(ResolveFailure.RegistryUnreachable))]
    [InlineData(HttpStatusCode.TooManyRequests, nameof(ResolveFailure.RegistryUnreachable))]
    [InlineData(HttpStatusCode.Forbidden, nameof(ResolveFailure.Unauthorized))]
    [InlineData(HttpStatusCode.BadRequest, nameof(ResolveFailure.BadResponse))]
    public async Task Resolve_ErrorStatus_MapsToFailure(HttpStatusCode code, string expected)
    {
        var failure = Enum.Parse<ResolveFailure>(expected);
        var result = await Resolve(new StubHandler(_ => new HttpResponseMessage(code)), "registry.example.com/t/hello:1.0");
        Assert.Equal(failure, result.Failure);
        Assert.Equal(failure == ResolveFailure.RegistryUnreachable, result.Transient);
        Assert.Contains("registry.example.com", result.Message);
    }

    [Fact]
    public async Task Resolve_ConnectionRefused_RegistryUnreachableNamingHost()
    {
        var result = await Resolve(new StubHandler(_ => throw new HttpRequestException("Connection refused")), "registry.example.com/t/hello:1.0");
        Assert.Equal(ResolveFailure.RegistryUnreachable, result.Failure);
        Assert.Contains("registry.example.com is unreachable: Connection refused", result.Message);
    }

    [Fact]
    public async Task Resolve_NoDigestHeader_HashesTheManifestBody()
    {
        var manifest = "{\"schemaVersion\":2}";
        var handler = new StubHandler(r => r.Method == HttpMethod.Head ? new HttpResponseMessage(HttpStatusCode.OK) : Json(manifest));
        var result = await Resolve(handler, "registry.example.com/t/hello:1.0");
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest))), result.Digest);
    }

    [Fact]
    public async Task Resolve_PlainHttpRegistryAndDockerHub_UseTheRightBaseAddress()
    {
        var handler = new StubHandler(_ => WithDigest(new HttpResponseMessage(HttpStatusCode.OK)));
        await Resolve(handler, "localhost:5000/t/hello", options: TestObjects.Options with { PlainHttpRegistries = ["localhost:5000"] });
        await Resolve(handler, "alpine:3");
        Assert.Equal("http://localhost:5000/v2/t/hello/manifests/latest", handler.Requests[0].Uri.ToString());
        Assert.Equal("https://registry-1.docker.io/v2/library/alpine/manifests/3", handler.Requests[1].Uri.ToString());
    }

    private static async Task<ResolveResult> Resolve(StubHandler handler, string image, RegistryCredentials? credentials = null, Wharf.Operator.Options.OperatorOptions? options = null)
    {
        Assert.True(ImageReference.TryParse(image, out var reference, out _));
        using var client = new RegistryClient(options ?? TestObjects.Options, NullLogger<RegistryClient>.Instance, handler);
        return await client.ResolveAsync(reference!, credentials, CancellationToken.None);
    }

    private static HttpResponseMessage WithDigest(HttpResponseMessage response)
    {
        response.Headers.Add("Docker-Content-Digest", Digest);
        return response;
    }

    private static HttpResponseMessage Challenge(string header)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", header);
        return response;
    }

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    internal sealed record SeenRequest(HttpMethod Method, Uri Uri, string? Authorization, string[] Accept);

    internal sealed class StubHandler(Func<SeenRequest, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<SeenRequest> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var seen = new SeenRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
                [.. request.Headers.Accept.Select(a => a.MediaType!)]);
            Requests.Add(seen);
            return Task.FromResult(respond(seen));
        }
    }
}
