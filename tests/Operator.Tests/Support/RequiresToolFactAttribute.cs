namespace Wharf.Operator.Tests.Support;

/// <summary>
/// A fact that is reported as skipped, with the reason, when a program it needs is not installed
/// (xunit 2 has no runtime skip, so the check runs when the test is discovered).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresToolFactAttribute : FactAttribute
{
    public RequiresToolFactAttribute(string tool, string package)
    {
        Tool = tool;
        if (Tools.Find(tool) is null)
        {
            Skip = $"skipped: '{tool}' is not installed (get it from: {package})";
        }
    }

    public string Tool { get; }
}

/// <summary>Finds programs on PATH (or by absolute path).</summary>
public static class Tools
{
    public static string? Find(string tool)
    {
        if (Path.IsPathRooted(tool))
        {
            return File.Exists(tool) ? tool : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The repository root (the directory holding Operator.sln), found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var built = typeof(Tools).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "Operator.sln")))
        {
            return built;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("cannot find the repository root (Operator.sln) above " + AppContext.BaseDirectory);
    }
}
