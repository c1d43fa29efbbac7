using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Wharf.Kube.Config;

/// <summary>
/// One or more kubeconfig files merged with kubectl's rules: the first file to define a named
/// cluster/user/context wins, and so does the first non-empty <c>current-context</c>
/// (<see href="https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files"/>).
/// </summary>
internal sealed class KubeConfigFile
{
    public string? CurrentContext { get; private set; }

    public Dictionary<string, NamedEntry> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NamedEntry> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NamedEntry> Contexts { get; } = new(StringComparer.Ordinal);

    /// <summary>A named map entry and the directory of the file it came from (relative paths resolve there).</summary>
    internal sealed record NamedEntry(YamlMappingNode Body, string BaseDirectory);

    /// <summary>Merges one document into this config; earlier definitions win.</summary>
    public void Merge(string yaml, string baseDirectory, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new KubernetesConfigException($"{sourceName}: not valid YAML ({ex.Message}).", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode)
        {
            return; // An empty file is allowed by kubectl and contributes nothing.
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KubernetesConfigException($"{sourceName}: the document root must be a mapping.");
        }

        var current = Scalar(root, "current-context");
        if (string.IsNullOrEmpty(CurrentContext) && !string.IsNullOrEmpty(current))
        {
            CurrentContext = current;
        }

        MergeList(root, "clusters", "cluster", Clusters, baseDirectory, sourceName);
        MergeList(root, "users", "user", Users, baseDirectory, sourceName);
        MergeList(root, "contexts", "context", Contexts, baseDirectory, sourceName);
    }

    private static void MergeList(
        YamlMappingNode root, string listKey, string bodyKey, Dictionary<string, NamedEntry> target, string baseDirectory, string sourceName)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(listKey), out var node) || node is YamlScalarNode { Value: null or "" or "null" or "~" })
        {
            return;
        }

        if (node is not YamlSequenceNode list)
        {
            throw new KubernetesConfigException($"{sourceName}: '{listKey}' must be a list.");
        }

        foreach (var item in list)
        {
            if (item is not YamlMappingNode entry || Scalar(entry, "name") is not { Length: > 0 } name)
            {
                throw new KubernetesConfigException($"{sourceName}: every entry of '{listKey}' needs a name.");
            }

            var body = entry.Children.TryGetValue(new YamlScalarNode(bodyKey), out var b) ? b as YamlMappingNode : null;
            target.TryAdd(name, new NamedEntry(body ?? new YamlMappingNode(), baseDirectory));
        }
    }

    /// <summary>Reads a scalar child, or null when absent.</summary>
    public static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>True when the key holds a child of any kind.</summary>
    public static bool Has(YamlMappingNode map, string key) => map.Children.ContainsKey(new YamlScalarNode(key));
}
