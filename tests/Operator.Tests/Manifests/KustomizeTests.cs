using YamlDotNet.RepresentationModel;
using Wharf.Operator.Tests.Support;
using static Wharf.Operator.Tests.Manifests.ManifestFiles;

namespace Wharf.Operator.Tests.Manifests;

/// <summary><c>kubectl kustomize config/default</c> renders a complete, least-privilege installation.</summary>
public sealed class KustomizeTests
{
    private static readonly Lazy<List<YamlMappingNode>> Rendered = new(() =>
    {
        var (code, output, error) = Run("kubectl", "kustomize config/default");
        Assert.True(code == 0, "kubectl kustomize config/default failed: " + error);
        return Documents(output);
    });

    private static YamlMappingNode Find(string kind, string name) =>
        Rendered.Value.Single(d => Scalar(d, "kind") == kind && Scalar(d, "metadata", "name") == name);

    [RequiresToolFact("kubectl", "apt-get install kubectl")]
    public void Kustomize_Default_RendersCrdsRbacAndManagerInWharfSystem()
    {
        var kinds = Rendered.Value.Select(d => $"{Scalar(d, "kind")}/{Scalar(d, "metadata", "name")}").ToHashSet();
        foreach (var expected in new[]
        {
            "Namespace/wharf-system", "CustomResourceDefinition/workers.wharf.dev", "CustomResourceDefinition/kvnamespaces.wharf.dev",
            "CustomResourceDefinition/workerquotas.wharf.dev", "ServiceAccount/wharf-operator", "ClusterRole/wharf-operator-role",
            "ClusterRoleBinding/wharf-operator-rolebinding", "Role/wharf-leader-election-role", "RoleBinding/wharf-leader-election-rolebinding",
            "ClusterRole/wharf-worker-editor-role", "ClusterRole/wharf-worker-viewer-role", "ClusterRole/wharf-kvnamespace-editor-role",
            "ClusterRole/wharf-kvnamespace-viewer-role", "ClusterRole/wharf-workerquota-viewer-role", "Deployment/wharf-operator",
        })
        {
            Assert.Contains(expected, kinds);
        }

        foreach (var doc in Rendered.Value.Where(d => Scalar(d, "kind") is "Deployment" or "ServiceAccount" or "Role" or "RoleBinding" or "Service"))
        {
            Assert.Equal("wharf-system", Scalar(doc, "metadata", "namespace"));
        }

        var binding = Find("ClusterRoleBinding", "wharf-operator-rolebinding");
        Assert.Equal("wharf-operator-role", Scalar(binding, "roleRef", "name"));
        var subject = (YamlMappingNode)((YamlSequenceNode)Node(binding, "subjects")!).Children[0];
        Assert.Equal(("wharf-operator", "wharf-system"), (Scalar(subject, "name"), Scalar(subject, "namespace")));
    }

    [RequiresToolFact("kubectl", "apt-get install kubectl")]
    public void Kustomize_Deployment_ProbesLeaderElectionResourcesAndRestrictedSecurity()
    {
        var deployment = Find("Deployment", "wharf-operator");
        var pod = Node(deployment, "spec", "template", "spec")!;
        Assert.Equal("wharf-operator", Scalar(pod, "serviceAccountName"));
        Assert.Equal("true", Scalar(pod, "securityContext", "runAsNonRoot"));
        var container = (YamlMappingNode)((YamlSequenceNode)Node(pod, "containers")!).Children[0];
        Assert.Equal("/healthz", Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", Scalar(container, "readinessProbe", "httpGet", "path"));
        var args = ((YamlSequenceNode)Node(container, "args")!).Children.Select(a => ((YamlScalarNode)a).Value).ToList();
        Assert.Contains("--leader-elect=true", args);
        Assert.Contains(args, a => a!.StartsWith("--node-runtime-image=", StringComparison.Ordinal));
        Assert.NotNull(Scalar(container, "resources", "limits", "memory"));
        Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Scalar(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("RuntimeDefault", Scalar(container, "securityContext", "seccompProfile", "type"));
        Assert.Equal("ALL", ((YamlScalarNode)((YamlSequenceNode)Node(container, "securityContext", "capabilities", "drop")!).Children[0]).Value);
    }

    [RequiresToolFact("kubectl", "apt-get install kubectl")]
    public void Kustomize_Rbac_TenantsCannotWriteQuotas_OperatorHoldsNoWildcards()
    {
        foreach (var role in Rendered.Value.Where(d => Scalar(d, "kind") == "ClusterRole"))
        {
            var labels = Node(role, "metadata", "labels") as YamlMappingNode;
            var aggregated = labels?.Children.Keys.Any(k => ((YamlScalarNode)k).Value!.StartsWith("rbac.authorization.k8s.io/aggregate-to-", StringComparison.Ordinal)) == true;
            foreach (var rule in Rules(role))
            {
                Assert.DoesNotContain("*", rule.Verbs);
                Assert.DoesNotContain("*", rule.Resources);
                Assert.DoesNotContain("escalate", rule.Verbs);
                Assert.DoesNotContain("bind", rule.Verbs);
                if (aggregated && rule.Resources.Contains("workerquotas"))
                {
                    Assert.Equal(["get", "list", "watch"], rule.Verbs.Order());
                }
            }
        }

        var operatorRules = Rules(Find("ClusterRole", "wharf-operator-role"));
        Assert.Equal(["get"], operatorRules.Single(r => r.Resources.Contains("secrets")).Verbs);
        Assert.Equal(["get", "list", "watch"], operatorRules.Single(r => r.Resources.SequenceEqual(["workerquotas"])).Verbs.Order());
        Assert.Equal(["create", "get", "patch", "update"], Rules(Find("Role", "wharf-leader-election-role")).Single(r => r.Resources.Contains("leases")).Verbs.Order());
    }

    internal sealed record Rule(string[] Resources, string[] Verbs);

    internal static List<Rule> Rules(YamlNode role) =>
        [.. ((YamlSequenceNode)Node(role, "rules")!).Children.Select(r => new Rule(
            [.. ((YamlSequenceNode)Node(r, "resources")!).Children.Select(n => ((YamlScalarNode)n).Value!)],
            [.. ((YamlSequenceNode)Node(r, "verbs")!).Children.Select(n => ((YamlScalarNode)n).Value!)]))];
}
