using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests.Yaml;

public sealed class YamlJsonTests
{
    [Fact]
    public void Parse_PlainAndQuotedScalars_AreTypedLikeTheApiServer()
    {
        var node = YamlJson.Parse("a: true\nb: 'true'\nc: 12\nd: \"12\"\ne: 1.5\nf: ~\ng: null\nh: 64Mi\ni: [x, 2]\n")!;

        Assert.Equal(JsonValueKind.True, node["a"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, node["b"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, node["c"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, node["d"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, node["e"]!.GetValueKind());
        Assert.Null(node["f"]);
        Assert.True(node.AsObject().ContainsKey("g"));
        Assert.Equal("64Mi", (string?)node["h"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["x",2]"""), JsonNode.Parse(node["i"]!.ToJsonString())));
    }

    [Fact]
    public void Parse_DuplicateKey_Throws() =>
        Assert.Throws<FormatException>(() => YamlJson.Parse("a: 1\na: 2\n"));

    [Fact]
    public void Parse_TwoDocuments_ThrowsButParseAllReturnsBoth()
    {
        const string yaml = "a: 1\n---\nb: 2\n";

        Assert.Throws<FormatException>(() => YamlJson.Parse(yaml));
        Assert.Equal(2, YamlJson.ParseAll(yaml).Count);
    }
}
