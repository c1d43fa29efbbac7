using System.Text.RegularExpressions;

namespace Wharf.E2e.Fixtures;

/// <summary>The real servers under the platform: the fake API server (standalone host), redis-server, docker-registry.</summary>
internal sealed partial class Infrastructure : IAsyncDisposable
{
    private readonly List<ServerProcess> _servers = [];

    private Infrastructure(string workDir) => WorkDir = workDir;

    public string WorkDir { get; }

    public string Kubeconfig => Path.Join(WorkDir, "kubeconfig");

    public int ApiPort { get; private set; }

    public int RedisPort { get; private set; }

    public int RegistryPort { get; private set; }

    public string Registry => $"127.0.0.1:{RegistryPort}";

    public ServerProcess Redis => _servers.Single(s => s.Name == "redis");

    public static async Task<Infrastructure> StartAsync(string repoRoot, string workDir, string configuration)
    {
        var infra = new Infrastructure(workDir);
        try
        {
            await infra.StartApiServerAsync(repoRoot, configuration);
            await infra.StartRedisAsync();
            await infra.StartRegistryAsync();
            return infra;
        }
        catch
        {
            await infra.DisposeAsync();
            throw;
        }
    }

    /// <summary>Restarts redis-server on the same port and data folder (the KV-survives-a-restart scenario).</summary>
    public async Task RestartRedisAsync()
    {
        var old = Redis;
        await old.StopAsync(TimeSpan.FromSeconds(10));
        _servers.Remove(old);
        await old.DisposeAsync();
        await StartRedisAsync(RedisPort);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Enumerable.Reverse(_servers))
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
    }

    private async Task StartApiServerAsync(string repoRoot, string configuration)
    {
        var server = ServerProcess.Start("apiserver", WorkDir, "dotnet",
            ["run", "--project", Path.Join(repoRoot, "tests", "Kube.Fake.Host"), "-c", configuration, "--no-build", "--",
             "--port", "0", "--kubeconfig", Kubeconfig],
            ListeningLine());
        _servers.Add(server);
        var match = await server.WaitReadyAsync(TimeSpan.FromSeconds(120));
        ApiPort = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task StartRedisAsync(int port = 0)
    {
        RedisPort = port == 0 ? ServerProcess.FreePort() : port;
        var dir = Directory.CreateDirectory(Path.Join(WorkDir, "redis")).FullName;
        var server = ServerProcess.Start("redis", WorkDir, "redis-server",
            ["--bind", "127.0.0.1", "--port", RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--dir", dir, "--appendonly", "yes", "--save", "", "--protected-mode", "yes"],
            RedisReady());
        _servers.Add(server);
        await server.WaitReadyAsync(TimeSpan.FromSeconds(60));
    }

    private async Task StartRegistryAsync()
    {
        RegistryPort = ServerProcess.FreePort();
        var config = Path.Join(WorkDir, "registry.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {Path.Join(WorkDir, "registry")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{RegistryPort}
            """);
        var server = ServerProcess.Start("registry", WorkDir, "docker-registry", ["serve", config], RegistryReady());
        _servers.Add(server);
        await server.WaitReadyAsync(TimeSpan.FromSeconds(60));
    }

    [GeneratedRegex(@"listening on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Ready to accept connections")]
    private static partial Regex RedisReady();

    [GeneratedRegex(@"listening on 127\.0\.0\.1:\d+")]
    private static partial Regex RegistryReady();
}
