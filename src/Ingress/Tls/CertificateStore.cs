using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.Ingress.Routing;

namespace Wharf.Ingress.Tls;

/// <summary>
/// The certificates served by SNI, from <c>kubernetes.io/tls</c> Secrets. A certificate serves the DNS names of its
/// subject alternative names (exact or <c>*.</c> wildcard, RFC 6125: a wildcard covers one label). When two certificates
/// cover the same name, the one valid longest wins, then the Secret name (ordinal).
/// </summary>
internal sealed partial class CertificateStore(ILogger<CertificateStore> logger)
{
    private volatile Dictionary<string, X509Certificate2> _byName = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _byName.Count;

    public void Update(IReadOnlyList<TlsCertificatePem> certificates)
    {
        var candidates = new List<(string Source, X509Certificate2 Certificate)>();
        foreach (var pem in certificates)
        {
            try
            {
                candidates.Add((pem.Source, X509Certificate2.CreateFromPem(pem.CertificatePem, pem.KeyPem)));
            }
            catch (CryptographicException ex)
            {
                LogInvalid(logger, pem.Source, ex.Message);
            }
            catch (ArgumentException ex)
            {
                LogInvalid(logger, pem.Source, ex.Message);
            }
        }

        var byName = new Dictionary<string, X509Certificate2>(StringComparer.OrdinalIgnoreCase);
        foreach (var (_, certificate) in candidates.OrderByDescending(c => c.Certificate.NotAfter).ThenBy(c => c.Source, StringComparer.Ordinal))
        {
            foreach (var name in DnsNames(certificate))
            {
                byName.TryAdd(name, certificate);
            }
        }

        _byName = byName;
    }

    /// <summary>The certificate for an SNI name: exact name, else the wildcard of its parent domain; null when none.</summary>
    public X509Certificate2? Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return null;
        }

        var names = _byName;
        if (names.TryGetValue(serverName, out var exact))
        {
            return exact;
        }

        var dot = serverName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && names.TryGetValue("*" + serverName[dot..], out var wildcard) ? wildcard : null;
    }

    private static IEnumerable<string> DnsNames(X509Certificate2 certificate)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
        if (san.Count > 0)
        {
            return san;
        }

        var cn = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
        return string.IsNullOrEmpty(cn) ? [] : [cn];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS Secret {Source} ignored: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string source, string reason);
}
