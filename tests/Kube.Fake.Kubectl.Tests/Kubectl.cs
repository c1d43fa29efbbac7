using System.Diagnostics;

namespace Wharf.Kube.Fake.Kubectl.Tests;

/// <summary>Finds and runs the real kubectl binary.</summary>
internal static class Kubectl
{
    /// <summary>Full path of kubectl on PATH (or /usr/bin/kubectl), or null.</summary>
    public static string? Path { get; } = Find();

    /// <summary>Why tests cannot run, or null when kubectl is there.</summary>
    public static string? Missing => Path is null
        ? "kubectl was not found on PATH or at /usr/bin/kubectl (scripts/setup.sh expects it preinstalled)"
        : null;

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            var candidate = System.IO.Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts kubectl with the given arguments; the caller reads and disposes the process.</summary>
    public static Process Start(string kubeconfig, string cacheDir, string workingDirectory, IEnumerable<string> args, bool redirectInput = false)
    {
        var path = Path ?? throw new InvalidOperationException(Missing);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add("--kubeconfig=" + kubeconfig);
        info.ArgumentList.Add("--cache-dir=" + cacheDir);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("KUBECONFIG");
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }
}

/// <summary>
/// A test that needs kubectl: skipped where kubectl is missing, except under CI (<c>CI=true</c>), where the test runs
/// and fails with a clear message instead of passing silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Kubectl.Missing is { } why && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = why;
        }
    }
}

/// <summary>The outcome of one kubectl run.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Throws with kubectl's output unless it succeeded.</summary>
    public KubectlResult Ok()
    {
        Assert.True(ExitCode == 0, $"kubectl exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }

    /// <summary>Throws unless kubectl failed.</summary>
    public KubectlResult Failed()
    {
        Assert.True(ExitCode != 0, $"kubectl unexpectedly succeeded\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }
}
