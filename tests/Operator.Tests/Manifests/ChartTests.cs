using Wharf.Operator.Tests.Support;
using static Wharf.Operator.Tests.Manifests.ManifestFiles;

namespace Wharf.Operator.Tests.Manifests;

/// <summary>The Helm chart stays in step with config/ (charts cannot symlink or include files outside the chart).</summary>
public sealed class ChartTests
{
    [Fact]
    public void Crds_ChartCopies_IdenticalToConfigCrdBases()
    {
        var bases = Directory.GetFiles(Path.Combine(Root, "config/crd/bases"), "*.yaml").Select(Path.GetFileName).Order().ToList();
        var chart = Directory.GetFiles(Path.Combine(Root, "charts/wharf/crds"), "*.yaml").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(bases, chart);
        foreach (var file in bases)
        {
            Assert.True(Read($"config/crd/bases/{file}") == Read($"charts/wharf/crds/{file}"),
                $"charts/wharf/crds/{file} differs from config/crd/bases/{file}: run cp config/crd/bases/*.yaml charts/wharf/crds/");
        }
    }

    [Fact]
    public void OperatorRules_ChartEqualsConfigRbac()
    {
        static string Rules(string text)
        {
            var start = text.IndexOf("rules:", StringComparison.Ordinal);
            var end = text.IndexOf("---", start, StringComparison.Ordinal);
            return (end < 0 ? text[start..] : text[start..end]).Trim();
        }

        Assert.Equal(Rules(Read("config/rbac/role.yaml")), Rules(Read("charts/wharf/templates/rbac.yaml")));
    }

    [Fact]
    public void TenantRoles_ChartMirrorsConfigRbac()
    {
        var chart = Read("charts/wharf/templates/tenant-roles.yaml");
        foreach (var file in new[] { "worker_editor_role", "worker_viewer_role", "kvnamespace_editor_role", "kvnamespace_viewer_role", "workerquota_viewer_role", "workerquota_admin_role" })
        {
            var text = Read($"config/rbac/{file}.yaml");
            Assert.Contains(text[text.IndexOf("rules:", StringComparison.Ordinal)..].Trim(), chart, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Values_DeclareImagesRedisRegistryAndResources()
    {
        var values = Documents(Read("charts/wharf/values.yaml")).Single();
        Assert.NotNull(Scalar(values, "image", "repository"));
        Assert.NotNull(Scalar(values, "runtime", "image"));
        Assert.NotNull(Scalar(values, "redis", "existingSecret"));
        Assert.NotNull(Scalar(values, "registry", "credentials", "existingSecret"));
        Assert.NotNull(Scalar(values, "resources", "limits", "memory"));
        Assert.Equal("v2", Scalar(Documents(Read("charts/wharf/Chart.yaml")).Single(), "apiVersion"));
    }

    [RequiresToolFact("helm", "https://helm.sh; not packaged in Debian")]
    public void Helm_LintAndTemplate_Succeed()
    {
        var lint = Run("helm", "lint charts/wharf");
        Assert.True(lint.Code == 0, lint.Output + lint.Error);
        var template = Run("helm", "template t charts/wharf --namespace wharf-system --set registry.credentials.create=true " +
            "--set registry.credentials.server=r.io --set registry.credentials.username=u --set registry.credentials.password=p");
        Assert.True(template.Code == 0, template.Error);
        Assert.Contains("--registry-credentials-secret=t-operator-registry", template.Output, StringComparison.Ordinal);
    }
}
