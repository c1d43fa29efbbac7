using Wharf.Kube.Models;
using Wharf.Operator.Options;

namespace Wharf.Operator.Runtime;

/// <summary>Builds the tenant's runtime Service in front of its node-runtime pods.</summary>
internal static class RuntimeServiceBuilder
{
    /// <summary>A ClusterIP Service mapping <see cref="OperatorOptions.ServicePort"/> to the runtime's named <c>http</c> port.</summary>
    public static Service BuildRuntimeService(string tenant, OperatorOptions options, IReadOnlyList<OwnerReference> owners) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = TenantNames.Runtime,
            Namespace = tenant,
            Labels = TenantNames.Labels(tenant),
            OwnerReferences = [.. owners],
        },
        Spec = new ServiceSpec
        {
            Type = "ClusterIP",
            Selector = TenantNames.SelectorLabels(tenant),
            Ports = [new ServicePort { Name = "http", Protocol = "TCP", Port = options.ServicePort, TargetPort = "http" }],
        },
    };
}
