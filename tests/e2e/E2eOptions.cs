namespace Wharf.E2e;

/// <summary>Command-line options, validated up front (all errors at once).</summary>
internal sealed record E2eOptions(string Mode, string RepoRoot, string Configuration, bool Keep, IReadOnlyList<string> Errors)
{
    public static E2eOptions Parse(string[] args)
    {
        string mode = "process", configuration = "Release";
        string? repo = null;
        var keep = false;
        var errors = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--mode": mode = Next() ?? ""; break;
                case "--repo": repo = Next(); break;
                case "--configuration": configuration = Next() ?? ""; break;
                case "--keep": keep = true; break;
                default: errors.Add($"unknown argument '{args[i]}'"); break;
            }
        }

        if (mode is not ("process" or "container"))
        {
            errors.Add($"--mode must be process or container, not '{mode}'");
        }

        repo ??= FindRepo(Environment.CurrentDirectory) ?? FindRepo(AppContext.BaseDirectory);
        if (repo is null || !File.Exists(Path.Join(repo, "Operator.sln")))
        {
            errors.Add("cannot find the repository root (Operator.sln); pass --repo DIR");
        }

        return new E2eOptions(mode, repo ?? "", configuration, keep, errors);
    }

    private static string? FindRepo(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
