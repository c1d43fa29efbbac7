using Wharf.Kube.Config;
using Wharf.Kube.Tests.Support;

namespace Wharf.Kube.Tests.Http;

public sealed class TlsTests : IAsyncLifetime
{
    private static readonly Lazy<TestCertificates> OtherPki = new(() => TestCertificates.Create("other-ca"));
    private readonly TestCertificates _certs = TestCertificates.Shared;
    private TlsTestServer _server = null!;

    public async Task InitializeAsync() => _server = await TlsTestServer.StartAsync(_certs);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private KubernetesClientOptions Options(Func<KubernetesClientOptions, KubernetesClientOptions> configure) =>
        configure(new KubernetesClientOptions { Server = new Uri($"https://127.0.0.1:{_server.Address.Port}"), RequestTimeout = TimeSpan.FromSeconds(10) });

    [Fact]
    public async Task Get_CaBundleAndClientCertificate_AuthenticatesBothSides()
    {
        using var client = new KubernetesClient(Options(o => o with
        {
            CertificateAuthorities = [_certs.Ca],
            ClientCertificate = _certs.Client,
            UserAgent = "wharf-test/9",
        }));

        var ns = await client.Namespaces.GetAsync("kube-system");

        Assert.Equal("kube-system", ns.Metadata.Name);
        Assert.Contains("CN=wharf-operator", ns.Metadata.Annotations!["client"], StringComparison.Ordinal);
        Assert.Equal("wharf-test/9", ns.Metadata.Annotations["ua"]);
        Assert.Equal("", ns.Metadata.Annotations["auth"]);
        Assert.Equal("HTTP/2", ns.Metadata.Annotations["protocol"]);
    }

    [Fact]
    public async Task Get_NoCaBundle_RejectsUntrustedServer()
    {
        using var client = new KubernetesClient(Options(o => o));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.Namespaces.GetAsync("x"));
    }

    [Fact]
    public async Task Get_WrongCaBundle_RejectsServer()
    {
        using var client = new KubernetesClient(Options(o => o with { CertificateAuthorities = [OtherPki.Value.Ca] }));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.Namespaces.GetAsync("x"));
    }

    [Fact]
    public async Task Get_InsecureSkipTlsVerify_AcceptsAnyServer()
    {
        using var client = new KubernetesClient(Options(o => o with { InsecureSkipTlsVerify = true, BearerToken = "tok" }));

        var ns = await client.Namespaces.GetAsync("x");

        Assert.Equal("Bearer tok", ns.Metadata.Annotations!["auth"]);
        Assert.Equal("HTTP/2", ns.Metadata.Annotations["protocol"]);
    }

    [Fact]
    public async Task Get_TlsServerNameInCertificate_Succeeds()
    {
        using var client = new KubernetesClient(Options(o => o with { CertificateAuthorities = [_certs.Ca], TlsServerName = "kubernetes.default.svc" }));

        Assert.Equal("y", (await client.Namespaces.GetAsync("y")).Metadata.Name);
    }

    [Fact]
    public async Task Get_TlsServerNameNotInCertificate_RejectsServer()
    {
        using var client = new KubernetesClient(Options(o => o with { CertificateAuthorities = [_certs.Ca], TlsServerName = "evil.example" }));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.Namespaces.GetAsync("x"));
    }

    [Fact]
    public async Task Get_TokenFile_SendsFileContentAsBearerToken()
    {
        using var dir = new TempDirectory();
        var tokenFile = dir.Write("token", "from-file\n");
        using var client = new KubernetesClient(Options(o => o with { CertificateAuthorities = [_certs.Ca], TokenFile = tokenFile }));

        var ns = await client.Namespaces.GetAsync("x");

        Assert.Equal("Bearer from-file", ns.Metadata.Annotations!["auth"]);
    }

    [Fact]
    public async Task Get_KubeConfigWithInlineCertificates_ConnectsEndToEnd()
    {
        static string B64(string s) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s));
        var yaml = $"""
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://127.0.0.1:{_server.Address.Port}
                certificate-authority-data: {B64(_certs.CaPem)}
            users:
            - name: u
              user:
                client-certificate-data: {B64(_certs.ClientCertPem)}
                client-key-data: {B64(_certs.ClientKeyPem)}
            contexts:
            - name: c
              context: {"{"}cluster: k, user: u{"}"}
            """;
        using var client = new KubernetesClient(KubernetesConfiguration.FromKubeConfigYaml(yaml));

        var ns = await client.Namespaces.GetAsync("z");

        Assert.Contains("CN=wharf-operator", ns.Metadata.Annotations!["client"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_OverTlsAndHttp2_StreamsEventsAsTheyArrive()
    {
        using var client = new KubernetesClient(Options(o => o with { CertificateAuthorities = [_certs.Ca], ClientCertificate = _certs.Client }));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var events = client.ConfigMaps.WatchAsync("ns", resourceVersion: "1", cancellationToken: cts.Token).GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("first", events.Current.Object!.Metadata.Name);
        _server.SecondEvent.SetResult();
        Assert.True(await events.MoveNextAsync());

        Assert.Equal("second", events.Current.Object!.Metadata.Name);
        Assert.Equal("3", events.Current.ResourceVersion);
        Assert.Equal("HTTP/2", _server.WatchProtocol);
    }
}
