using System.Text.Json.Nodes;
using Wharf.Kube.Fake;

namespace Wharf.Api.Tests.Crds;

/// <summary>The CRD and sample manifests copied next to the test assembly.</summary>
internal static class CrdFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "config");

    public static string BasesDirectory => Path.Combine(Root, "crd", "bases");

    public static JsonObject Crd(string plural) =>
        (JsonObject)YamlJson.Parse(File.ReadAllText(Path.Combine(BasesDirectory, $"wharf.dev_{plural}.yaml")))!;

    public static JsonObject Schema(string plural) =>
        (JsonObject)Crd(plural)["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;

    public static JsonObject Sample(string kind) =>
        (JsonObject)YamlJson.Parse(File.ReadAllText(Path.Combine(Root, "samples", $"wharf_v1alpha1_{kind}.yaml")))!;
}
