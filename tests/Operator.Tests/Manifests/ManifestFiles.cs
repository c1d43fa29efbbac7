using System.Diagnostics;
using YamlDotNet.RepresentationModel;
using Wharf.Operator.Tests.Support;

namespace Wharf.Operator.Tests.Manifests;

/// <summary>Reads the repository's manifests and runs the tools that render them.</summary>
internal static class ManifestFiles
{
    public static string Root => Tools.RepositoryRoot();

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>Every document of a multi-document YAML stream.</summary>
    public static List<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static string? Scalar(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return (current as YamlScalarNode)?.Value;
    }

    public static YamlNode? Node(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static (int Code, string Output, string Error) Run(string program, string arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo(Tools.Find(program) ?? program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            WorkingDirectory = Root,
        };
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {arguments} did not finish within 60 s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
