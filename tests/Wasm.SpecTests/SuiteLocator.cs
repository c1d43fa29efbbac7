namespace Wharf.Wasm.SpecTests;

/// <summary>Finds the repository root and the spec test suite.</summary>
internal static class SuiteLocator
{
    /// <summary>The directory holding <c>Operator.sln</c>, searched upwards from the program and the working directory.</summary>
    public static string? FindRepositoryRoot()
    {
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

        return null;
    }

    /// <summary><c>$WASM_SPEC_TESTSUITE</c>, else <c>../shared/wasm-spec-testsuite</c> next to the repository root.</summary>
    public static string? FindSuite(string? explicitDirectory, string? repositoryRoot)
    {
        var candidate = explicitDirectory ?? Environment.GetEnvironmentVariable("WASM_SPEC_TESTSUITE");
        if (string.IsNullOrEmpty(candidate) && repositoryRoot is not null)
        {
            candidate = Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "wasm-spec-testsuite"));
        }

        return !string.IsNullOrEmpty(candidate) && Directory.Exists(candidate) ? candidate : null;
    }
}
