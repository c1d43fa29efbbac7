using System.Globalization;

namespace Wharf.Kube.Fake.Host;

/// <summary>Command line of the standalone fake API server, validated up front (all errors at once).</summary>
internal sealed record HostOptions(int Port, string KubeconfigPath, string? CrdDirectory, bool RequireNamespaces)
{
    public const string Usage =
        "usage: Wharf.Kube.Fake.Host --port PORT --kubeconfig PATH [--crd-dir DIR] [--no-require-namespaces]\n" +
        "  --port PORT              port on 127.0.0.1 (0 = any free port)\n" +
        "  --kubeconfig PATH        where to write a kubeconfig for the server once it listens\n" +
        "  --crd-dir DIR            CRD manifests to serve (default: config/crd/bases of the repository, found from the\n" +
        "                           working directory upwards, else the copy built into the fake)\n" +
        "  --no-require-namespaces  accept objects in namespaces that do not exist (a real server refuses them)";

    public static HostOptions Parse(IReadOnlyList<string> args, string workingDirectory, out List<string> errors)
    {
        var problems = new List<string>();
        errors = problems;
        int? port = null;
        string? kubeconfig = null;
        string? crds = null;
        var requireNamespaces = true;
        for (var i = 0; i < args.Count; i++)
        {
            string? Value()
            {
                if (i + 1 < args.Count)
                {
                    return args[++i];
                }

                problems.Add($"{args[i]} needs a value");
                return null;
            }

            switch (args[i])
            {
                case "--port":
                    var text = Value();
                    if (text is not null)
                    {
                        port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 65535 ? p : null;
                        if (port is null)
                        {
                            errors.Add($"--port must be 0-65535, got '{text}'");
                        }
                    }

                    break;
                case "--kubeconfig":
                    kubeconfig = Value();
                    break;
                case "--crd-dir":
                    crds = Value();
                    if (crds is not null && !Directory.Exists(crds))
                    {
                        errors.Add($"--crd-dir '{crds}' does not exist");
                    }

                    break;
                case "--no-require-namespaces":
                    requireNamespaces = false;
                    break;
                default:
                    errors.Add($"unknown argument '{args[i]}'");
                    break;
            }
        }

        if (port is null && !errors.Any(e => e.StartsWith("--port", StringComparison.Ordinal)))
        {
            errors.Add("--port is required");
        }

        if (string.IsNullOrEmpty(kubeconfig) && !errors.Any(e => e.StartsWith("--kubeconfig", StringComparison.Ordinal)))
        {
            errors.Add("--kubeconfig is required");
        }

        return new HostOptions(port ?? 0, kubeconfig ?? "", crds ?? FindCrdDirectory(workingDirectory), requireNamespaces);
    }

    /// <summary><c>config/crd/bases</c> of the enclosing repository, or null to use the CRDs built into the fake.</summary>
    private static string? FindCrdDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "config", "crd", "bases");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return candidate;
            }
        }

        return null;
    }
}
