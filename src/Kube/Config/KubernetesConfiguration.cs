using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Wharf.Kube.Config;

/// <summary>Builds <see cref="KubernetesClientOptions"/> from a kubeconfig or from the in-cluster service account.</summary>
public static class KubernetesConfiguration
{
    /// <summary>Where the kubelet mounts the service-account token, CA and namespace.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>
    /// In-cluster when <c>KUBERNETES_SERVICE_HOST</c> is set and a service-account token is mounted,
    /// otherwise the kubeconfig (<c>KUBECONFIG</c> or <c>~/.kube/config</c>).
    /// </summary>
    public static KubernetesClientOptions Default() =>
        IsInCluster() ? InCluster() : FromKubeConfig();

    /// <summary>True when running in a pod with a mounted service-account token.</summary>
    public static bool IsInCluster() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")) &&
        File.Exists(Path.Combine(ServiceAccountDirectory, "token"));

    /// <summary>
    /// Options for a pod: API server from <c>KUBERNETES_SERVICE_HOST</c>/<c>KUBERNETES_SERVICE_PORT</c>,
    /// the rotating token file (re-read periodically), the service-account CA and namespace.
    /// </summary>
    public static KubernetesClientOptions InCluster() => InCluster(
        ServiceAccountDirectory,
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"),
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"));

    internal static KubernetesClientOptions InCluster(string directory, string? host, string? port)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(host))
        {
            errors.Add("KUBERNETES_SERVICE_HOST is not set; not running in a cluster.");
        }

        if (string.IsNullOrEmpty(port))
        {
            errors.Add("KUBERNETES_SERVICE_PORT is not set; not running in a cluster.");
        }
        else if (!int.TryParse(port, out var p) || p is <= 0 or > 65535)
        {
            errors.Add($"KUBERNETES_SERVICE_PORT '{port}' is not a port number.");
        }

        var tokenFile = Path.Combine(directory, "token");
        if (!File.Exists(tokenFile))
        {
            errors.Add($"service-account token '{tokenFile}' does not exist.");
        }

        X509Certificate2Collection? ca = null;
        var caFile = Path.Combine(directory, "ca.crt");
        if (!File.Exists(caFile))
        {
            errors.Add($"service-account CA '{caFile}' does not exist.");
        }
        else
        {
            ca = LoadCertificates(File.ReadAllText(caFile), caFile, errors);
        }

        if (errors.Count > 0)
        {
            throw new KubernetesConfigException(errors);
        }

        var namespaceFile = Path.Combine(directory, "namespace");
        var ns = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : "";

        // An IPv6 host needs brackets in a URI.
        var hostPart = host!.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        var options = new KubernetesClientOptions
        {
            Server = new Uri($"https://{hostPart}:{port}"),
            Namespace = ns.Length > 0 ? ns : "default",
            CertificateAuthorities = ca,
            TokenFile = tokenFile,
        };
        options.ThrowIfInvalid();
        return options;
    }

    /// <summary>
    /// Options from kubeconfig files: <paramref name="path"/> if given, else every file in <c>KUBECONFIG</c>
    /// (merged, first wins), else <c>~/.kube/config</c>.
    /// </summary>
    /// <param name="context">Context to use; the merged <c>current-context</c> when null.</param>
    /// <param name="path">A single kubeconfig file, overriding <c>KUBECONFIG</c>.</param>
    public static KubernetesClientOptions FromKubeConfig(string? context = null, string? path = null)
    {
        IReadOnlyList<string> paths;
        if (path is not null)
        {
            paths = [path];
        }
        else if (Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } env)
        {
            paths = env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        else
        {
            paths = [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")];
        }

        return FromKubeConfigFiles(paths, context, requireAll: path is not null);
    }

    internal static KubernetesClientOptions FromKubeConfigFiles(IReadOnlyList<string> paths, string? context, bool requireAll)
    {
        var file = new KubeConfigFile();
        var found = 0;
        foreach (var p in paths)
        {
            if (!File.Exists(p))
            {
                // kubectl skips missing files named in KUBECONFIG; an explicit --kubeconfig must exist.
                if (requireAll)
                {
                    throw new KubernetesConfigException($"kubeconfig '{p}' does not exist.");
                }

                continue;
            }

            found++;
            file.Merge(File.ReadAllText(p), Path.GetDirectoryName(Path.GetFullPath(p))!, p);
        }

        if (found == 0)
        {
            throw new KubernetesConfigException($"no kubeconfig found (looked at {string.Join(", ", paths)}).");
        }

        return KubeConfigResolver.Resolve(file, context);
    }

    /// <summary>Options from kubeconfig text; relative file paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static KubernetesClientOptions FromKubeConfigYaml(string yaml, string? context = null, string? baseDirectory = null)
    {
        var file = new KubeConfigFile();
        file.Merge(yaml, baseDirectory ?? Directory.GetCurrentDirectory(), "kubeconfig");
        return KubeConfigResolver.Resolve(file, context);
    }

    internal static X509Certificate2Collection? LoadCertificates(string pem, string source, List<string> errors)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            errors.Add($"{source}: not a valid PEM certificate bundle ({ex.Message}).");
            return null;
        }

        if (collection.Count == 0)
        {
            errors.Add($"{source}: contains no PEM certificate.");
            return null;
        }

        return collection;
    }

    internal static string? DecodeBase64(string value, string source, List<string> errors)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value.Trim()));
        }
        catch (FormatException)
        {
            errors.Add($"{source}: not valid base64.");
            return null;
        }
    }
}
