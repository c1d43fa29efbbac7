using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Kv;
using Wharf.NodeRuntime.Tests.TestSupport;

namespace Wharf.NodeRuntime.Tests.Hosting;

public class WorkerLoadTests
{
    private static WorkerLoadException LoadFailure(WorkerDefinition definition)
    {
        using var host = new WorkerHost(new WorkerHostOptions(), new InMemoryKvStore(), new CapturingWorkerLog());
        var failure = Assert.Single(host.Load([definition]));
        Assert.Empty(host.Workers);
        return failure;
    }

    [Fact]
    public void Load_MalformedModule_NamesWorkerAndEngineMessage()
    {
        var failure = LoadFailure(Workers.Define("broken", [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05]));
        Assert.Equal("broken", failure.Worker);
        Assert.StartsWith("worker 'broken': malformed module:", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotWasm_NamesWorker()
    {
        var failure = LoadFailure(Workers.Define("text", "hello"u8.ToArray()));
        Assert.Contains("worker 'text': malformed module", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidModule_NamesWorker()
    {
        var failure = LoadFailure(Workers.Define("invalid", Tools.Wat("(module (func (result i32) (i64.const 1)))", validate: false)));
        Assert.StartsWith("worker 'invalid': invalid module:", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NeitherSdkNorWagi_IsRejected()
    {
        var failure = LoadFailure(Workers.Define("empty", Tools.Wat("(module (memory (export \"memory\") 1))")));
        Assert.Contains("neither wharf_abi_version", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnsupportedAbiVersion_IsRejected()
    {
        var wat = Workers.Hello.Replace("(func (export \"wharf_abi_version\") (result i32) (i32.const 1))", "(func (export \"wharf_abi_version\") (result i32) (i32.const 2))", StringComparison.Ordinal);
        var failure = LoadFailure(Workers.Define("v2", Tools.Wat(wat)));
        Assert.Equal("worker 'v2': ABI version 2 is not supported (this host serves version 1)", failure.Message);
    }

    [Fact]
    public void Load_UnknownWharfImport_IsLinkError()
    {
        var wat = Workers.Sdk("(i32.const 0)").Replace("(module", "(module (import \"wharf\" \"teleport\" (func))", StringComparison.Ordinal);
        var failure = LoadFailure(Workers.Define("teleport", Tools.Wat(wat)));
        Assert.Contains("cannot link", failure.Message, StringComparison.Ordinal);
        Assert.Contains("teleport", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ForeignImportModule_IsRejected()
    {
        var wat = Workers.Sdk("(i32.const 0)").Replace("(module", "(module (import \"env\" \"f\" (func))", StringComparison.Ordinal);
        var failure = LoadFailure(Workers.Define("env", Tools.Wat(wat)));
        Assert.Contains("imports \"env\" \"f\"", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InitReturningNonZero_IsRejected()
    {
        var failure = LoadFailure(Workers.Define("init", Tools.Wat(Workers.Sdk("(i32.const 0)", "(func (export \"wharf_init\") (result i32) (i32.const 7))"))));
        Assert.Equal("worker 'init': wharf_init returned 7", failure.Message);
    }

    [Fact]
    public void Load_InitLoopingForever_FailsAtTimeout()
    {
        var wat = Workers.Sdk("(i32.const 0)", "(func (export \"wharf_init\") (result i32) (loop $l (br $l)) (i32.const 0))");
        var failure = LoadFailure(Workers.Define("slow", Tools.Wat(wat), limits: new WorkerLimits { Timeout = TimeSpan.FromMilliseconds(200) }));
        Assert.Contains("exceeded the timeout", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidDefinition_IsRejected()
    {
        var failure = LoadFailure(Workers.Define("noroute", Tools.Wat(Workers.Hello), prefix: "nope"));
        Assert.Contains("must start with '/'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OneBadWorker_OthersStillServed()
    {
        using var host = new WorkerHost(new WorkerHostOptions(), new InMemoryKvStore(), new CapturingWorkerLog());
        var failures = host.Load([Workers.Define("good", Tools.Wat(Workers.Hello), prefix: "/a"), Workers.Define("bad", [1, 2, 3], prefix: "/b")]);
        Assert.Equal("bad", Assert.Single(failures).Worker);
        Assert.Equal(["good"], host.Workers);
    }
}
