using k8s.Models;
using Wharf.Operator.Options;

namespace Wharf.Operator.Runtime;

/// <summary>Builds the tenant's runtime Service in front of its node-runtime pods.</summary>
internal static class RuntimeServiceBuilder
{
    /// <summary>A ClusterIP Service mapping <see cref="OperatorOptions.ServicePort"/> to the runtime's named <c>http</c> port.</summary>
    public static V1Service BuildRuntimeService(string tenant, OperatorOptions options, IReadOnlyList<V1OwnerReference> owners) => new()
    {
        ApiVersion = V1Service.KubeApiVersion,
        Kind = V1Service.KubeKind,
        Metadata = new V1ObjectMeta
        {
            Name = TenantNames.Runtime,
            NamespaceProperty = tenant,
            Labels = TenantNames.Labels(tenant),
            OwnerReferences = [.. owners],
        },
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = TenantNames.SelectorLabels(tenant),
            Ports = [new V1ServicePort { Name = "http", Protocol = "TCP", Port = options.ServicePort, TargetPort = "http" }],
        },
    };
}
