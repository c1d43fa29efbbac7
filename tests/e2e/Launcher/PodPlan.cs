using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;

namespace Wharf.E2e.Launcher;

/// <summary>One pod the launcher should be running: a workload's pod template on the single e2e node.</summary>
internal sealed record PodPlan(string Namespace, string OwnerKind, string OwnerName, string TemplateHash, V1PodTemplateSpec Template, int Ordinal)
{
    public const string NodeName = "e2e-node";

    /// <summary>Like the kubelet's names: owner, template hash, ordinal.</summary>
    public string Name => $"{OwnerName}-{TemplateHash[..10]}-{Ordinal}";

    public string Key => $"{Namespace}/{Name}";

    public string WorkloadKey => $"{Namespace}/{OwnerKind}/{OwnerName}";

    public IDictionary<string, string> Labels => Template.Metadata?.Labels ?? new Dictionary<string, string>();

    /// <summary>Pods for every Deployment (replicas) and DaemonSet (one node: one pod) in the cluster.</summary>
    public static IEnumerable<PodPlan> From(V1DeploymentList deployments, V1DaemonSetList daemonSets)
    {
        foreach (var d in deployments.Items)
        {
            var replicas = d.Spec.Replicas ?? 1;
            var hash = Hash(d.Spec.Template);
            for (var i = 0; i < replicas; i++)
            {
                yield return new PodPlan(d.Namespace(), "Deployment", d.Name(), hash, d.Spec.Template, i);
            }
        }

        foreach (var ds in daemonSets.Items)
        {
            yield return new PodPlan(ds.Namespace(), "DaemonSet", ds.Name(), Hash(ds.Spec.Template), ds.Spec.Template, 0);
        }
    }

    /// <summary>A template change (image, args, env, config-hash annotation…) is a new pod, as in a rollout.</summary>
    private static string Hash(V1PodTemplateSpec template) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(template))));
}
