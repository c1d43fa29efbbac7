using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Kube.Tests.Support;

/// <summary>A throwaway PKI generated in-process: a CA, a server certificate for 127.0.0.1/localhost, a client certificate.</summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server, X509Certificate2 client)
    {
        Ca = ca;
        Server = server;
        Client = client;
    }

    private static readonly Lazy<TestCertificates> SharedInstance = new(() => Create());

    /// <summary>One PKI for the whole run: RSA key generation is slow on a small machine.</summary>
    public static TestCertificates Shared => SharedInstance.Value;

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public string ClientCertPem => Client.ExportCertificatePem();

    public string ClientKeyPem => Client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();

    public static TestCertificates Create(string caName = "test-ca")
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var ca = caRequest.CreateSelfSigned(notBefore, notBefore.AddDays(1));

        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        san.AddDnsName("kubernetes.default.svc");
        var server = Issue(ca, caKey, "CN=kube-apiserver", san.Build(), new Oid("1.3.6.1.5.5.7.3.1"), 1);
        var client = Issue(ca, caKey, "CN=wharf-operator,O=wharf", null, new Oid("1.3.6.1.5.5.7.3.2"), 2);
        return new TestCertificates(ca, server, client);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, RSA caKey, string subject, X509Extension? san, Oid usage, byte serial)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var generator = X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1);
        using var signed = request.Create(ca.SubjectName, generator, ca.NotBefore.AddMinutes(1), ca.NotAfter.AddMinutes(-1), [serial]);
        return signed.CopyWithPrivateKey(key);
    }
}
