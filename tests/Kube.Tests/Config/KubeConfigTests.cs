using System.Security.Cryptography.X509Certificates;
using System.Text;
using Wharf.Kube.Config;
using Wharf.Kube.Tests.Support;

namespace Wharf.Kube.Tests.Config;

public sealed class KubeConfigTests : IDisposable
{
    private readonly TestCertificates _certs = TestCertificates.Shared;
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _dir.Dispose();
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private string InlineConfig(string currentContext = "dev") => $"""
        apiVersion: v1
        kind: Config
        current-context: {currentContext}
        clusters:
        - name: dev-cluster
          cluster:
            server: https://127.0.0.1:6443
            certificate-authority-data: {B64(_certs.CaPem)}
        - name: prod-cluster
          cluster:
            server: https://prod.example:443
            insecure-skip-tls-verify: true
        users:
        - name: dev-user
          user:
            client-certificate-data: {B64(_certs.ClientCertPem)}
            client-key-data: {B64(_certs.ClientKeyPem)}
        - name: prod-user
          user:
            token: s3cr3t
        contexts:
        - name: dev
          context:
            cluster: dev-cluster
            user: dev-user
            namespace: wharf-system
        - name: prod
          context:
            cluster: prod-cluster
            user: prod-user
        """;

    [Fact]
    public void FromKubeConfigYaml_CurrentContextWithInlineData_LoadsCaAndClientCertificate()
    {
        var options = KubernetesConfiguration.FromKubeConfigYaml(InlineConfig());

        Assert.Equal(new Uri("https://127.0.0.1:6443"), options.Server);
        Assert.Equal("wharf-system", options.Namespace);
        Assert.NotNull(options.CertificateAuthorities);
        Assert.Equal(_certs.Ca.Thumbprint, Assert.Single(options.CertificateAuthorities).Thumbprint);
        Assert.NotNull(options.ClientCertificate);
        Assert.True(options.ClientCertificate.HasPrivateKey);
        Assert.Equal(_certs.Client.Thumbprint, options.ClientCertificate.Thumbprint);
        Assert.Null(options.BearerToken);
        Assert.False(options.InsecureSkipTlsVerify);
    }

    [Fact]
    public void FromKubeConfigYaml_NamedContext_UsesThatContextWithDefaultNamespace()
    {
        var options = KubernetesConfiguration.FromKubeConfigYaml(InlineConfig(), context: "prod");

        Assert.Equal(new Uri("https://prod.example:443"), options.Server);
        Assert.Equal("default", options.Namespace);
        Assert.True(options.InsecureSkipTlsVerify);
        Assert.Equal("s3cr3t", options.BearerToken);
        Assert.Null(options.ClientCertificate);
    }

    [Fact]
    public void FromKubeConfigYaml_FileReferences_ResolveRelativeToBaseDirectory()
    {
        _dir.Write("pki/ca.crt", _certs.CaPem);
        _dir.Write("pki/client.crt", _certs.ClientCertPem);
        _dir.Write("pki/client.key", _certs.ClientKeyPem);
        _dir.Write("token", "file-token\n");
        var yaml = """
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://localhost:6443
                certificate-authority: pki/ca.crt
            users:
            - name: cert
              user:
                client-certificate: pki/client.crt
                client-key: pki/client.key
            - name: tok
              user:
                tokenFile: token
            contexts:
            - name: c
              context: {cluster: k, user: cert}
            - name: t
              context: {cluster: k, user: tok}
            """;

        var certOptions = KubernetesConfiguration.FromKubeConfigYaml(yaml, baseDirectory: _dir.Path);
        var tokenOptions = KubernetesConfiguration.FromKubeConfigYaml(yaml, "t", _dir.Path);

        Assert.Equal(_certs.Client.Thumbprint, certOptions.ClientCertificate!.Thumbprint);
        Assert.Equal(_certs.Ca.Thumbprint, certOptions.CertificateAuthorities![0].Thumbprint);
        Assert.Equal(Path.Combine(_dir.Path, "token"), tokenOptions.TokenFile);
    }

    [Fact]
    public void FromKubeConfigYaml_EcdsaClientKey_IsLoaded()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=ec", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        var yaml = $$"""
            current-context: c
            clusters: [{name: k, cluster: {server: "https://localhost:1"} }]
            users: [{name: u, user: {client-certificate-data: {{B64(cert.ExportCertificatePem())}}, client-key-data: {{B64(key.ExportECPrivateKeyPem())}} } } ]
            contexts: [{name: c, context: {cluster: k, user: u} }]
            """;

        var options = KubernetesConfiguration.FromKubeConfigYaml(yaml);

        Assert.True(options.ClientCertificate!.HasPrivateKey);
        Assert.NotNull(options.ClientCertificate.GetECDsaPrivateKey());
    }

    [Fact]
    public void FromKubeConfigYaml_SeveralProblems_ReportsThemAll()
    {
        var yaml = """
            current-context: broken
            clusters:
            - name: k
              cluster:
                certificate-authority-data: "!!notbase64!!"
            users:
            - name: u
              user:
                client-certificate-data: Zm9v
                exec: {command: aws}
            contexts:
            - name: broken
              context: {cluster: k, user: u}
            """;

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfiguration.FromKubeConfigYaml(yaml));

        Assert.Contains(ex.Errors, e => e.Contains("has no server", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("not valid base64", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("'exec' authentication is not supported", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("needs a client key", StringComparison.Ordinal));
        Assert.True(ex.Errors.Count >= 4);
    }

    [Theory]
    [InlineData("missing", "context 'missing' is not defined")]
    [InlineData(null, "no current-context")]
    public void FromKubeConfigYaml_NoUsableContext_Throws(string? context, string message)
    {
        var yaml = "clusters: []\ncontexts: []\n";

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfiguration.FromKubeConfigYaml(yaml, context));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeConfigYaml_UndefinedClusterAndUser_ReportsBoth()
    {
        var yaml = "current-context: c\ncontexts:\n- name: c\n  context: {cluster: nope, user: nobody}\n";

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfiguration.FromKubeConfigYaml(yaml));

        Assert.Equal(2, ex.Errors.Count);
    }

    [Fact]
    public void FromKubeConfigYaml_MissingCaFile_ReportsPath()
    {
        var yaml = "current-context: c\nclusters:\n- name: k\n  cluster: {server: 'https://a:1', certificate-authority: nope.crt}\ncontexts:\n- name: c\n  context: {cluster: k}\n";

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfiguration.FromKubeConfigYaml(yaml, baseDirectory: _dir.Path));

        Assert.Contains(Path.Combine(_dir.Path, "nope.crt"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeConfigYaml_InvalidYaml_ThrowsConfigException()
    {
        Assert.Throws<KubernetesConfigException>(() => KubernetesConfiguration.FromKubeConfigYaml("clusters: [\n  - {"));
    }

    [Fact]
    public void FromKubeConfigFiles_SeveralFiles_FirstDefinitionAndCurrentContextWin()
    {
        var first = _dir.Write("a/config", """
            current-context: shared
            clusters:
            - name: shared-cluster
              cluster: {server: "https://first:1"}
            contexts:
            - name: shared
              context: {cluster: shared-cluster, namespace: from-first}
            """);
        var second = _dir.Write("b/config", """
            current-context: only-second
            clusters:
            - name: shared-cluster
              cluster: {server: "https://second:2"}
            - name: second-cluster
              cluster: {server: "https://second-only:3"}
            contexts:
            - name: shared
              context: {cluster: second-cluster}
            - name: only-second
              context: {cluster: second-cluster}
            """);
        var missing = Path.Combine(_dir.Path, "does-not-exist");

        var merged = KubernetesConfiguration.FromKubeConfigFiles([first, missing, second], context: null, requireAll: false);
        var fromSecond = KubernetesConfiguration.FromKubeConfigFiles([first, second], context: "only-second", requireAll: false);

        Assert.Equal(new Uri("https://first:1"), merged.Server);
        Assert.Equal("from-first", merged.Namespace);
        Assert.Equal(new Uri("https://second-only:3"), fromSecond.Server);
    }

    [Fact]
    public void FromKubeConfig_KubeconfigVariableListsFiles_MergesThem()
    {
        var clusters = _dir.Write("clusters.yaml", "clusters:\n- name: k\n  cluster: {server: 'https://from-env:6443'}\n");
        var contexts = _dir.Write("contexts.yaml", "current-context: c\ncontexts:\n- name: c\n  context: {cluster: k, namespace: env-ns}\n");
        var previous = Environment.GetEnvironmentVariable("KUBECONFIG");
        try
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", string.Join(Path.PathSeparator, clusters, Path.Combine(_dir.Path, "missing"), contexts));

            var options = KubernetesConfiguration.FromKubeConfig();

            Assert.Equal(new Uri("https://from-env:6443"), options.Server);
            Assert.Equal("env-ns", options.Namespace);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", previous);
        }
    }

    [Fact]
    public void FromKubeConfig_ExplicitMissingPath_Throws()
    {
        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfiguration.FromKubeConfig(path: Path.Combine(_dir.Path, "none")));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeConfigFiles_NoFileExists_Throws()
    {
        Assert.Throws<KubernetesConfigException>(() =>
            KubernetesConfiguration.FromKubeConfigFiles([Path.Combine(_dir.Path, "x")], null, requireAll: false));
    }

    [Fact]
    public void InCluster_MountedServiceAccount_BuildsOptions()
    {
        _dir.Write("token", "sa-token");
        _dir.Write("ca.crt", _certs.CaPem);
        _dir.Write("namespace", "wharf-system\n");

        var options = KubernetesConfiguration.InCluster(_dir.Path, "10.96.0.1", "443");

        Assert.Equal(new Uri("https://10.96.0.1:443"), options.Server);
        Assert.Equal("wharf-system", options.Namespace);
        Assert.Equal(Path.Combine(_dir.Path, "token"), options.TokenFile);
        Assert.Null(options.BearerToken);
        Assert.Equal(_certs.Ca.Thumbprint, options.CertificateAuthorities![0].Thumbprint);
    }

    [Fact]
    public void InCluster_Ipv6Host_IsBracketed()
    {
        _dir.Write("token", "t");
        _dir.Write("ca.crt", _certs.CaPem);

        var options = KubernetesConfiguration.InCluster(_dir.Path, "fd00::1", "6443");

        Assert.Equal("[fd00::1]", options.Server.Host);
        Assert.Equal("default", options.Namespace);
    }

    [Fact]
    public void InCluster_NothingMounted_ReportsEveryProblem()
    {
        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfiguration.InCluster(_dir.Path, null, "abc"));

        Assert.Equal(4, ex.Errors.Count); // host, port, token, ca
    }
}
