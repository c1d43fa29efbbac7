using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Wharf.Kube.Config;

namespace Wharf.Kube.Http;

/// <summary>Builds the one <see cref="SocketsHttpHandler"/> a client uses, with TLS set up from the options.</summary>
internal static class HandlerFactory
{
    public static HttpMessageHandler Create(KubernetesClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // Recycle connections so DNS/endpoint changes of the API server are picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            EnableMultipleHttp2Connections = true,
        };

        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, cert, chain, errors) => ValidateServerCertificate(options, cert, chain, errors),
        };
        if (options.ClientCertificate is not null)
        {
            ssl.ClientCertificates = [options.ClientCertificate];
        }

        handler.SslOptions = ssl;

        var tokens = new TokenSource(options.BearerToken, options.TokenFile, options.TokenRefreshInterval);
        return tokens.HasToken ? new BearerTokenHandler(tokens, handler) : handler;
    }

    /// <summary>
    /// Accepts the server certificate when it chains to the configured CA bundle (only that bundle is trusted,
    /// as with kubectl) and matches the host (or <c>tls-server-name</c>); with no bundle the system trust decides.
    /// </summary>
    internal static bool ValidateServerCertificate(
        KubernetesClientOptions options, X509Certificate? cert, X509Chain? chain, SslPolicyErrors errors)
    {
        if (options.InsecureSkipTlsVerify)
        {
            return true;
        }

        if (cert is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        var certificate = cert as X509Certificate2 ?? new X509Certificate2(cert);
        if (options.TlsServerName is not null)
        {
            if (!certificate.MatchesHostname(options.TlsServerName))
            {
                return false;
            }

            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        if (options.CertificateAuthorities is not { Count: > 0 } roots)
        {
            return errors == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // Intermediates the server sent help build the path; trust still comes only from the bundle.
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(certificate);
    }
}
