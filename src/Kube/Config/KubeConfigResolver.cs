using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Kube.Config;

/// <summary>Turns the selected context of a merged kubeconfig into validated client options, collecting every error.</summary>
internal static class KubeConfigResolver
{
    public static KubernetesClientOptions Resolve(KubeConfigFile file, string? contextName)
    {
        var errors = new List<string>();
        contextName ??= file.CurrentContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubernetesConfigException("no context given and the kubeconfig has no current-context.");
        }

        if (!file.Contexts.TryGetValue(contextName, out var context))
        {
            throw new KubernetesConfigException($"context '{contextName}' is not defined in the kubeconfig.");
        }

        var clusterName = KubeConfigFile.Scalar(context.Body, "cluster");
        var userName = KubeConfigFile.Scalar(context.Body, "user");
        var ns = KubeConfigFile.Scalar(context.Body, "namespace");

        KubeConfigFile.NamedEntry? cluster = null;
        if (string.IsNullOrEmpty(clusterName))
        {
            errors.Add($"context '{contextName}' names no cluster.");
        }
        else if (!file.Clusters.TryGetValue(clusterName, out cluster))
        {
            errors.Add($"cluster '{clusterName}' (from context '{contextName}') is not defined.");
        }

        KubeConfigFile.NamedEntry? user = null;
        if (!string.IsNullOrEmpty(userName) && !file.Users.TryGetValue(userName, out user))
        {
            errors.Add($"user '{userName}' (from context '{contextName}') is not defined.");
        }

        Uri? server = null;
        X509Certificate2Collection? ca = null;
        var insecure = false;
        string? tlsServerName = null;
        if (cluster is not null)
        {
            var serverText = KubeConfigFile.Scalar(cluster.Body, "server");
            if (string.IsNullOrEmpty(serverText))
            {
                errors.Add($"cluster '{clusterName}' has no server.");
            }
            else if (!Uri.TryCreate(serverText, UriKind.Absolute, out server))
            {
                errors.Add($"cluster '{clusterName}': server '{serverText}' is not an absolute URI.");
            }

            insecure = ParseBool(KubeConfigFile.Scalar(cluster.Body, "insecure-skip-tls-verify"), $"cluster '{clusterName}': insecure-skip-tls-verify", errors);
            tlsServerName = KubeConfigFile.Scalar(cluster.Body, "tls-server-name");
            var caPem = ReadDataOrFile(cluster, "certificate-authority-data", "certificate-authority", $"cluster '{clusterName}'", errors);
            if (caPem is not null)
            {
                ca = KubernetesConfiguration.LoadCertificates(caPem, $"cluster '{clusterName}' certificate authority", errors);
            }
        }

        X509Certificate2? clientCert = null;
        string? token = null;
        string? tokenFile = null;
        if (user is not null)
        {
            foreach (var unsupported in new[] { "exec", "auth-provider", "username" })
            {
                if (KubeConfigFile.Has(user.Body, unsupported))
                {
                    errors.Add($"user '{userName}': '{unsupported}' authentication is not supported; use a token or client certificate.");
                }
            }

            var label = $"user '{userName}'";
            var certPem = ReadDataOrFile(user, "client-certificate-data", "client-certificate", label, errors);
            var keyPem = ReadDataOrFile(user, "client-key-data", "client-key", label, errors);
            if (certPem is not null && keyPem is null)
            {
                errors.Add($"{label}: a client certificate needs a client key.");
            }
            else if (keyPem is not null && certPem is null)
            {
                errors.Add($"{label}: a client key needs a client certificate.");
            }
            else if (certPem is not null && keyPem is not null)
            {
                clientCert = LoadClientCertificate(certPem, keyPem, label, errors);
            }

            token = KubeConfigFile.Scalar(user.Body, "token");
            tokenFile = KubeConfigFile.Scalar(user.Body, "tokenFile");
            if (!string.IsNullOrEmpty(tokenFile))
            {
                tokenFile = Path.GetFullPath(tokenFile, user.BaseDirectory);
            }

            if (!string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(tokenFile))
            {
                // kubectl gives the inline token precedence over tokenFile.
                tokenFile = null;
            }
        }

        if (errors.Count > 0 || server is null)
        {
            throw new KubernetesConfigException(errors);
        }

        var options = new KubernetesClientOptions
        {
            Server = server,
            Namespace = string.IsNullOrEmpty(ns) ? "default" : ns,
            CertificateAuthorities = ca,
            ClientCertificate = clientCert,
            BearerToken = string.IsNullOrEmpty(token) ? null : token,
            TokenFile = string.IsNullOrEmpty(tokenFile) ? null : tokenFile,
            InsecureSkipTlsVerify = insecure,
            TlsServerName = string.IsNullOrEmpty(tlsServerName) ? null : tlsServerName,
        };
        options.ThrowIfInvalid();
        return options;
    }

    /// <summary>Reads inline base64 <paramref name="dataKey"/> (preferred, as kubectl does) or the file named by <paramref name="fileKey"/>.</summary>
    private static string? ReadDataOrFile(KubeConfigFile.NamedEntry entry, string dataKey, string fileKey, string label, List<string> errors)
    {
        var data = KubeConfigFile.Scalar(entry.Body, dataKey);
        if (!string.IsNullOrEmpty(data))
        {
            return KubernetesConfiguration.DecodeBase64(data, $"{label}: {dataKey}", errors);
        }

        var file = KubeConfigFile.Scalar(entry.Body, fileKey);
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        var full = Path.GetFullPath(file, entry.BaseDirectory);
        if (!File.Exists(full))
        {
            errors.Add($"{label}: {fileKey} '{full}' does not exist.");
            return null;
        }

        return File.ReadAllText(full);
    }

    private static X509Certificate2? LoadClientCertificate(string certPem, string keyPem, string label, List<string> errors)
    {
        try
        {
            return X509Certificate2.CreateFromPem(certPem, keyPem);
        }
        catch (CryptographicException ex)
        {
            errors.Add($"{label}: client certificate/key are not a valid PEM pair ({ex.Message}).");
            return null;
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{label}: client certificate/key are not a valid PEM pair ({ex.Message}).");
            return null;
        }
    }

    private static bool ParseBool(string? value, string label, List<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (bool.TryParse(value, out var b))
        {
            return b;
        }

        errors.Add($"{label}: '{value}' is not true or false.");
        return false;
    }
}
