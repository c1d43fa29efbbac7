using System.Diagnostics;

namespace Wharf.Operator.Tests.Hosting;

/// <summary>The operator executable validates its flags before touching the cluster.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Main_InvalidFlags_ExitCode2ListingEveryProblem()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Wharf.Operator.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--concurrency=0", "--leader-elect=sometimes", "--kubeconfig=/nonexistent"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("wharf-operator: Invalid operator options:", error, StringComparison.Ordinal);
        Assert.Contains("--leader-elect=sometimes", error, StringComparison.Ordinal);
        Assert.Contains("node-runtime image", error, StringComparison.Ordinal);
        Assert.Contains("concurrency 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_MissingKubeconfig_ExitCode2NamingTheFile()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Wharf.Operator.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--node-runtime-image=r.io/runtime:1", "--kubeconfig=/nonexistent/kubeconfig"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("/nonexistent/kubeconfig", error, StringComparison.Ordinal);
    }
}
