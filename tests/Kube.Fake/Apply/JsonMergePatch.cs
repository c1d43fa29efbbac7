using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>JSON merge patch (<see href="https://www.rfc-editor.org/rfc/rfc7386"/>).</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var current = result[key];
                result.Remove(key);
                result[key] = Apply(current, value);
            }
        }

        return result;
    }
}
