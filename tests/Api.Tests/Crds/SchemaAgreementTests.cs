using Wharf.Api.KvNamespaces;
using Wharf.Api.Quotas;
using Wharf.Api.Workers;

namespace Wharf.Api.Tests.Crds;

public sealed class SchemaAgreementTests
{
    [Theory]
    [InlineData("workers", typeof(Worker))]
    [InlineData("kvnamespaces", typeof(KvNamespace))]
    [InlineData("workerquotas", typeof(WorkerQuota))]
    public void Compare_CrdSchemaAndCSharpType_Agree(string plural, Type type)
    {
        var errors = SchemaComparer.Compare(CrdFiles.Schema(plural), type);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public void Compare_MismatchedSchemaAndType_ReportsDifferences()
    {
        var errors = SchemaComparer.Compare(CrdFiles.Schema("workers"), typeof(KvNamespace));

        Assert.Contains(errors, e => e.StartsWith(".spec.module: in the schema but not on KvNamespaceSpec", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith(".spec.deletionPolicy: on KvNamespaceSpec but not in the schema", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_EnumValueMissingFromSchema_IsReported()
    {
        var schema = CrdFiles.Schema("workers");
        schema["properties"]!["spec"]!["properties"]!["module"]!["properties"]!["runtime"]!["enum"] = new System.Text.Json.Nodes.JsonArray("wasm");

        var errors = SchemaComparer.Compare(schema, typeof(Worker));

        Assert.Contains(errors, e => e.StartsWith(".spec.module.runtime: enum values differ", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_RequiredFieldDroppedFromSchema_IsReported()
    {
        var schema = CrdFiles.Schema("workers");
        schema["properties"]!["spec"]!["required"] = new System.Text.Json.Nodes.JsonArray("module");

        var errors = SchemaComparer.Compare(schema, typeof(Worker));

        Assert.Contains(errors, e => e.StartsWith(".spec.routes: schema does not require it", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_IntegerFormatChanged_IsReported()
    {
        var schema = CrdFiles.Schema("workers");
        schema["properties"]!["spec"]!["properties"]!["minInstances"]!["format"] = "int64";

        var errors = SchemaComparer.Compare(schema, typeof(Worker));

        Assert.Contains(errors, e => e.StartsWith(".spec.minInstances: schema integer (format int64) vs C# Int32", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("workers", "spec.limits.memory", WorkerDefaults.Memory)]
    [InlineData("workers", "spec.limits.timeout", WorkerDefaults.Timeout)]
    [InlineData("workers", "spec.limits.maxBodySize", WorkerDefaults.MaxBodySize)]
    [InlineData("workers", "spec.limits.maxConcurrency", "64")]
    [InlineData("workers", "spec.routes[].pathPrefix", WorkerDefaults.PathPrefix)]
    [InlineData("workers", "spec.minInstances", "0")]
    [InlineData("kvnamespaces", "spec.limits.maxKeys", "100000")]
    [InlineData("kvnamespaces", "spec.limits.maxValueSize", KvNamespaceDefaults.MaxValueSize)]
    [InlineData("kvnamespaces", "spec.limits.maxTotalSize", KvNamespaceDefaults.MaxTotalSize)]
    [InlineData("kvnamespaces", "spec.deletionPolicy", "Retain")]
    public void Defaults_CrdAndCSharpConstants_Agree(string plural, string path, string expected)
    {
        var node = CrdFiles.Schema(plural);
        foreach (var segment in path.Split('.'))
        {
            node = segment.EndsWith("[]", StringComparison.Ordinal)
                ? node["properties"]![segment[..^2]]!["items"]!.AsObject()
                : node["properties"]![segment]!.AsObject();
        }

        Assert.Equal(expected, node["default"]!.ToString());
    }

    [Fact]
    public void Defaults_CSharpNumbers_MatchTheirInlineDataTwins()
    {
        Assert.Equal(64, WorkerDefaults.MaxConcurrency);
        Assert.Equal(0, WorkerDefaults.MinInstances);
        Assert.Equal(100_000, KvNamespaceDefaults.MaxKeys);
        Assert.Equal(KvDeletionPolicy.Retain, KvNamespaceDefaults.DeletionPolicy);
    }
}
