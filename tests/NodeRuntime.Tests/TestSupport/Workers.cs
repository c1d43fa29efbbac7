using Wharf.NodeRuntime.Egress;
using Wharf.NodeRuntime.Hosting;

namespace Wharf.NodeRuntime.Tests.TestSupport;

/// <summary>Test workers: the C examples and hostile or probing modules written in WAT.</summary>
internal static class Workers
{
    /// <summary>An SDK worker whose handler body is <paramref name="handle"/> (must leave an i32), with the
    /// usual imports, one page of memory unless <paramref name="memory"/> says otherwise, and extra fields.</summary>
    public static string Sdk(string handle, string extra = "", string memory = "(memory (export \"memory\") 1)") => $$"""
        (module
          (import "wharf" "response_write" (func $write (param i32 i32) (result i32)))
          (import "wharf" "response_set_status" (func $status (param i32) (result i32)))
          (import "wharf" "response_add_header" (func $header (param i32 i32 i32 i32) (result i32)))
          (import "wharf" "result_read" (func $read (param i32 i32) (result i32)))
          (import "wharf" "request_body_read" (func $body (param i32 i32) (result i32)))
          {{memory}}
          {{extra}}
          (func (export "wharf_abi_version") (result i32) (i32.const 1))
          (func (export "wharf_handle") (result i32) {{handle}}))
        """;

    public static WorkerDefinition Define(string name, byte[] module, string host = "*", string prefix = "/", WorkerLimits? limits = null,
        WorkerBindings? bindings = null, IReadOnlyList<EgressRule>? egress = null, byte[]? initData = null) => new()
    {
        Name = name,
        Module = module,
        Routes = [new WorkerRoute(host, prefix)],
        Limits = limits ?? new WorkerLimits { Timeout = TimeSpan.FromSeconds(5) },
        Bindings = bindings ?? new WorkerBindings(),
        Egress = egress ?? [],
        InitData = initData,
    };

    public static readonly string Hello = Sdk(
        """(drop (call $write (i32.const 0) (i32.const 2))) (i32.const 0)""",
        """(data (i32.const 0) "ok")""");

    public static readonly string InfiniteLoop = Sdk("(loop $l (br $l)) (i32.const 0)");

    public static readonly string Unreachable = Sdk("unreachable");

    public static readonly string ReturnsOne = Sdk("(i32.const 1)");

    /// <summary>Grows memory by 16 pages until refused, then aborts like a C program whose malloc failed.</summary>
    public static readonly string MemoryBomb = Sdk(
        "(loop $l (br_if $l (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) unreachable");

    public static readonly string DeepRecursion = Sdk(
        "(call $down (i32.const 0))",
        "(func $down (param i32) (result i32) (call $down (i32.add (local.get 0) (i32.const 1))))");

    /// <summary>Recursion through a function with a 16 KiB frame (2,000 i64 locals kept live).</summary>
    public static readonly string FatRecursion = Sdk(
        "(call $fat (i64.const 0))",
        "(func $fat (param i64) (result i32) (local " + string.Concat(Enumerable.Repeat("i64 ", 2000)) + ") (local.set 2000 (local.get 0)) (drop (call $fat (i64.add (local.get 2000) (i64.const 1)))) (i32.wrap_i64 (local.get 1999)))");

    /// <summary>Writes 64 KiB 32 times (2 MiB), ignoring errors.</summary>
    public static readonly string BigResponse = Sdk(
        "(local $i i32) (loop $l (drop (call $write (i32.const 0) (i32.const 65536))) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 32)))) (i32.const 0)");

    /// <summary>Echoes the request body.</summary>
    public static readonly string EchoBody = Sdk(
        "(local $n i32) (loop $l (local.set $n (call $body (i32.const 0) (i32.const 4096))) (if (i32.gt_s (local.get $n) (i32.const 0)) (then (drop (call $write (i32.const 0) (local.get $n))) (br $l)))) (i32.const 0)",
        "",
        "(memory (export \"memory\") 1)");
}
