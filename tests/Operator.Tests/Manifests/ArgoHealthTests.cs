using System.Text;
using System.Text.RegularExpressions;
using Wharf.Operator.Reconciliation;
using Wharf.Operator.Tests.Support;
using static Wharf.Operator.Tests.Manifests.ManifestFiles;

namespace Wharf.Operator.Tests.Manifests;

/// <summary>Runs the Argo CD health script of docs/argocd.md with a real Lua interpreter.</summary>
public sealed partial class ArgoHealthTests
{
    private static string Script()
    {
        var doc = Read("docs/argocd.md");
        var start = doc.IndexOf("-- BEGIN health.lua", StringComparison.Ordinal);
        var end = doc.IndexOf("-- END health.lua", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/argocd.md has no BEGIN/END health.lua block");
        var body = doc[(doc.IndexOf('\n', start) + 1)..end];
        return string.Join('\n', body.Split('\n').Select(l => l.StartsWith("    ", StringComparison.Ordinal) ? l[4..] : l.Trim()));
    }

    [Fact]
    public void TerminalReasons_ScriptListEqualsOperatorList()
    {
        var script = Script();
        var table = script[script.IndexOf("local terminal", StringComparison.Ordinal)..];
        var listed = TerminalList().Matches(table[..table.IndexOf('}', StringComparison.Ordinal)])
            .Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(Reasons.Terminal.Order(), listed.Order());
    }

    [RequiresToolFact("lua", "apt-get install lua5.4")]
    public void HealthLua_Cases_HealthyOnlyWhenReadyForCurrentGeneration()
    {
        var cases = new (string Name, string Obj, string Expected)[]
        {
            ("no status", "{ metadata = { generation = 1 } }", "Progressing"),
            ("old generation", Obj(2, 1, "True", "Serving", 1), "Progressing"),
            ("ready", Obj(2, 2, "True", "Serving", 2), "Healthy"),
            ("ready condition of older generation", Obj(2, 2, "True", "Serving", 1), "Progressing"),
            ("rolling out", Obj(1, 1, "False", "RuntimeNotReady", 1), "Progressing"),
            ("no nodes", Obj(1, 1, "False", "NoNodes", 1), "Progressing"),
            ("registry down", Obj(1, 1, "False", "RegistryUnreachable", 1), "Progressing"),
            ("over quota", Obj(3, 3, "False", "QuotaExceeded", 3), "Degraded"),
            ("unsigned", Obj(1, 1, "False", "VerificationNotImplemented", 1), "Degraded"),
            ("bad digest", Obj(1, 1, "False", "ManifestNotFound", 1), "Degraded"),
            ("unknown", Obj(1, 1, "Unknown", "NotAttempted", 1), "Progressing"),
            ("no conditions", "{ metadata = { generation = 1 }, status = { observedGeneration = 1 } }", "Progressing"),
        };
        var program = new StringBuilder("local function health(obj)\n").Append(Script()).Append("\nend\n");
        foreach (var (name, obj, _) in cases)
        {
            program.Append("do local hs = health(").Append(obj).Append(") print(hs.status .. '|' .. hs.message) end\n");
        }

        var (code, output, error) = Run("lua", "-", program.ToString());
        Assert.True(code == 0, "lua failed: " + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Length, lines.Length);
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.True(lines[i].StartsWith(cases[i].Expected + "|", StringComparison.Ordinal), $"{cases[i].Name}: expected {cases[i].Expected}, got {lines[i]}");
        }

        Assert.Contains("QuotaExceeded: over quota", lines[7], StringComparison.Ordinal);
    }

    private static string Obj(long generation, long observed, string status, string reason, long conditionGeneration) =>
        $"{{ metadata = {{ generation = {generation} }}, status = {{ observedGeneration = {observed}, conditions = {{ " +
        $"{{ type = 'QuotaAccepted', status = 'True', reason = 'WithinQuota' }}, " +
        $"{{ type = 'Ready', status = '{status}', reason = '{reason}', message = 'over quota', observedGeneration = {conditionGeneration} }} }} }} }}";

    [GeneratedRegex(@"(\w+) = true")]
    private static partial Regex TerminalList();
}
