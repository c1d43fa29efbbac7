using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.Ingress.Options;
using Wharf.Ingress.Routing;
using Wharf.Ingress.Tests.Support;

namespace Wharf.Ingress.Tests.Hosting;

public sealed class IngressHostTests
{
    [Fact]
    public async Task Readyz_BeforeFirstSnapshot503_After200()
    {
        await using var ingress = await TestIngress.StartAsync();
        using var management = new HttpClient { BaseAddress = ingress.Host.ManagementAddress };

        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await management.GetAsync("/readyz")).StatusCode);
        ingress.Publish(IngressSnapshot.Empty);
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterRequests_CountsByTenantWorkerAndStatusAndUpstreamLatency()
    {
        await using var ingress = await TestIngress.StartAsync();
        await using var backend = await Backend.StartAsync("b");
        ingress.Publish(Snapshots.Of([Snapshots.Worker("t1", "w", "app.example.com/")], new Dictionary<string, Backend[]> { ["t1"] = [backend] }));
        await ingress.GetTextAsync("app.example.com", "/");
        await ingress.GetTextAsync("nowhere.example.com", "/");

        var metrics = await ingress.MetricsAsync();
        Assert.Contains("wharf_ingress_requests_total{tenant=\"t1\",worker=\"t1/w\",code=\"200\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("wharf_ingress_requests_total{tenant=\"\",worker=\"\",code=\"404\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("wharf_ingress_upstream_duration_seconds_count{tenant=\"t1\",outcome=\"None\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("wharf_ingress_routes 1", metrics, StringComparison.Ordinal);
        // Management endpoints are not reachable through the proxy port.
        Assert.Equal(HttpStatusCode.NotFound, (await ingress.GetTextAsync("nowhere.example.com", "/metrics")).Status);
    }

    [Fact]
    public async Task Https_SniPerHost_ServesMatchingCertificateOverHttp2()
    {
        await using var ingress = await TestIngress.StartAsync();
        await using var backend = await Backend.StartAsync("b");
        var exact = SelfSigned("shop.example.com");
        var wildcard = SelfSigned("*.example.com");
        ingress.Publish(Snapshots.Of(
            [Snapshots.Worker("t1", "w", "shop.example.com/", "*.example.com/")],
            new Dictionary<string, Backend[]> { ["t1"] = [backend] },
            certificates: [exact.Pem, wildcard.Pem, new TlsCertificatePem("ns/broken", "not a pem", "nor this")]));

        var (shopCert, shopVersion, shopBody) = await GetOverTlsAsync(ingress, "shop.example.com", exact.Thumbprint, wildcard.Thumbprint);
        Assert.Equal(exact.Thumbprint, shopCert);
        Assert.Equal(HttpVersion.Version20, shopVersion);
        Assert.Contains("xfproto=https\n", shopBody, StringComparison.Ordinal);

        var (blogCert, _, blogBody) = await GetOverTlsAsync(ingress, "blog.example.com", exact.Thumbprint, wildcard.Thumbprint);
        Assert.Equal(wildcard.Thumbprint, blogCert);
        Assert.StartsWith($"b|blog.example.com:{ingress.Host.HttpsAddress.Port}|/tls|GET", blogBody, StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => GetOverTlsAsync(ingress, "unknown.test", exact.Thumbprint, wildcard.Thumbprint));
    }

    [Fact]
    public void Validate_BadValues_AllErrorsAtOnce()
    {
        var options = new IngressOptions { BindAddress = "nowhere", HttpPort = 70000, MaxAttempts = 0, HealthInterval = TimeSpan.Zero };
        var errors = options.Validate();
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("bind-address", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("http-port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("max-attempts", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("health-interval", StringComparison.Ordinal));
    }

    private static async Task<(string Thumbprint, Version Version, string Body)> GetOverTlsAsync(TestIngress ingress, string host, params string[] trusted)
    {
        string? thumbprint = null;
        var port = ingress.Host.HttpsAddress.Port;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    // Self-signed test certificates: accept exactly the two this test made; which one was served is asserted.
                    thumbprint = certificate is X509Certificate2 c ? c.Thumbprint : null;
                    return thumbprint is not null && trusted.Contains(thumbprint);
                },
            },
        };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{host}:{port}/tls") { Version = HttpVersion.Version20 };
        using var response = await client.SendAsync(request);
        return (thumbprint!, response.Version, await response.Content.ReadAsStringAsync());
    }

    private static (TlsCertificatePem Pem, string Thumbprint) SelfSigned(string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (new TlsCertificatePem("ns/" + dnsName, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem()), certificate.Thumbprint);
    }
}
