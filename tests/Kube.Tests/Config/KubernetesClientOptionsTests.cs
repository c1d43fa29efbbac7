using System.Security.Cryptography.X509Certificates;
using Wharf.Kube.Config;
using Wharf.Kube.Tests.Support;

namespace Wharf.Kube.Tests.Config;

public sealed class KubernetesClientOptionsTests
{
    [Fact]
    public void Validate_ValidOptions_ReturnsNoErrors()
    {
        var options = new KubernetesClientOptions { Server = new Uri("https://k:6443"), BearerToken = "t" };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_ManyProblems_ReturnsAll()
    {
        var certs = TestCertificates.Shared;
        using var publicOnly = X509CertificateLoader.LoadCertificate(certs.Client.RawData);
        var options = new KubernetesClientOptions
        {
            Server = new Uri("http://k:80"),
            BearerToken = "t",
            TokenFile = "/nonexistent/token",
            Namespace = " ",
            ClientCertificate = publicOnly,
            InsecureSkipTlsVerify = true,
            CertificateAuthorities = [certs.Ca],
            RequestTimeout = TimeSpan.Zero,
        };

        var errors = options.Validate();

        Assert.Equal(7, errors.Count);
        var ex = Assert.Throws<KubernetesConfigException>(options.ThrowIfInvalid);
        Assert.Equal(errors, ex.Errors);
    }

    [Fact]
    public void Validate_UnsupportedScheme_IsReported()
    {
        var options = new KubernetesClientOptions { Server = new Uri("ftp://k") };

        Assert.Contains(options.Validate(), e => e.Contains("scheme", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<KubernetesConfigException>(() => new KubernetesClient(new KubernetesClientOptions { Server = new Uri("ftp://k") }));
    }
}
