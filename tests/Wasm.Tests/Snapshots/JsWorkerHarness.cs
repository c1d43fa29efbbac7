using System.Text;
using System.Text.Json;
using Wharf.Wasm.Wasi;

namespace Wharf.Wasm.Tests.Snapshots;

/// <summary>
/// Just enough of the Wharf ABI's host side (docs/worker-abi.md; the product host is src/NodeRuntime/Abi) to
/// pre-initialize wharf-js.wasm with a JavaScript bundle and serve GET requests: the bundle through
/// <c>init_data</c>, the pending-result convention, and a response collected per request. KV, fetch and crypto
/// answer ERR_DENIED. One harness serves one instance at a time.
/// </summary>
internal sealed class JsWorkerHarness
{
    private const string M = "wharf";
    private const int ErrDenied = -3;
    private const int ErrInvalid = -1;

    private readonly byte[] _bundle;
    private byte[] _pending = [];
    private int _pendingRead;

    public JsWorkerHarness(WasmEngine engine, string source)
    {
        _bundle = JsonSerializer.SerializeToUtf8Bytes(new { main = "index.js", modules = new Dictionary<string, string> { ["index.js"] = source } });
        Linker = new Linker(engine);
        Define(Linker);
        Linker.AddWasi(new WasiOptions { Args = ["js"] });
    }

    public Linker Linker { get; }

    public List<string> Logs { get; } = [];

    public bool InRequest { get; set; }

    public int Status { get; private set; } = 200;

    public MemoryStream Body { get; private set; } = new();

    /// <summary>Repository path of the pre-built JavaScript runtime (built by the setup, not by tests).</summary>
    public static byte[] WharfJs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? "/work/main", "runtimes", "quickjs", "build", "wharf-js.wasm");
        return File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new FileNotFoundException($"{path} is missing: run `make -C runtimes/quickjs/worker` first", path);
    }

    /// <summary>Instantiates and runs the initializers, as the host does once per worker version.</summary>
    public WasmInstance Preinitialize(WasmModule module)
    {
        var instance = Linker.Instantiate(module);
        instance.GetFunction("_initialize")?.Invoke();
        var rc = instance.GetFunction("wharf_init")!.Invoke()[0].I32;
        return rc == 0 ? instance : throw new InvalidOperationException($"wharf_init returned {rc}: {string.Join('\n', Logs)}");
    }

    /// <summary>Runs one GET request on <paramref name="instance"/> and answers the body as text.</summary>
    public string Handle(WasmInstance instance)
    {
        Status = 200;
        Body = new MemoryStream();
        InRequest = true;
        try
        {
            var rc = instance.GetFunction("wharf_handle")!.Invoke()[0].I32;
            return rc == 0 ? Encoding.UTF8.GetString(Body.ToArray()) : throw new InvalidOperationException($"wharf_handle returned {rc}: {string.Join('\n', Logs)}");
        }
        finally
        {
            InRequest = false;
        }
    }

    private void Define(Linker linker)
    {
        linker.DefineFunction(M, "log", (Action<Caller, int, int, int>)((c, level, p, n) => Logs.Add(Encoding.UTF8.GetString(c.Memory!.GetSpan(p, n)))));
        linker.DefineFunction(M, "random_fill", (Func<Caller, int, int, int>)((c, p, n) =>
        {
            Random.Shared.NextBytes(c.Memory!.GetSpan(p, n));
            return 0;
        }));
        linker.DefineFunction(M, "init_data", (Func<int>)(() => Result(_bundle)));
        linker.DefineFunction(M, "bindings", (Func<int>)(() => Result("{\"vars\":{},\"secrets\":{},\"kv\":[]}"u8.ToArray())));
        linker.DefineFunction(M, "request_method", (Func<int>)(() => InRequest ? Result("GET"u8.ToArray()) : ErrDenied));
        linker.DefineFunction(M, "request_url", (Func<int>)(() => InRequest ? Result("http://localhost/"u8.ToArray()) : ErrDenied));
        linker.DefineFunction(M, "request_headers", (Func<int>)(() => InRequest ? Result([]) : ErrDenied));
        linker.DefineFunction(M, "request_body_read", (Func<int, int, int>)((_, _) => InRequest ? 0 : ErrDenied));
        linker.DefineFunction(M, "result_read", (Func<Caller, int, int, int>)ResultRead);
        linker.DefineFunction(M, "response_set_status", (Func<int, int>)(s =>
        {
            Status = s;
            return 0;
        }));
        linker.DefineFunction(M, "response_add_header", (Func<int, int, int, int, int>)((_, _, _, _) => InRequest ? 0 : ErrDenied));
        linker.DefineFunction(M, "response_write", (Func<Caller, int, int, int>)((c, p, n) =>
        {
            Body.Write(c.Memory!.GetSpan(p, n));
            return 0;
        }));
        linker.DefineFunction(M, "crypto_digest", (Func<int, int, int, int>)((_, _, _) => ErrDenied));
        linker.DefineFunction(M, "kv_open", (Func<int, int, int>)((_, _) => ErrDenied));
        linker.DefineFunction(M, "kv_get", (Func<int, int, int, int>)((_, _, _) => ErrDenied));
        linker.DefineFunction(M, "kv_get_with_metadata", (Func<int, int, int, int>)((_, _, _) => ErrDenied));
        linker.DefineFunction(M, "kv_delete", (Func<int, int, int, int>)((_, _, _) => ErrDenied));
        linker.DefineFunction(M, "kv_put", (Func<int, int, int, int, int, long, int, int, int>)((_, _, _, _, _, _, _, _) => ErrDenied));
        linker.DefineFunction(M, "kv_list", (Func<int, int, int, int, int, int, int>)((_, _, _, _, _, _) => ErrDenied));
        linker.DefineFunction(M, "http_fetch", (Func<int, int, int, int, int, int, int, int, int>)((_, _, _, _, _, _, _, _) => ErrDenied));
    }

    private int Result(byte[] bytes)
    {
        _pending = bytes;
        _pendingRead = 0;
        return bytes.Length;
    }

    private int ResultRead(Caller caller, int ptr, int len)
    {
        if (len < 0)
        {
            return ErrInvalid;
        }

        var n = Math.Min(len, _pending.Length - _pendingRead);
        _pending.AsSpan(_pendingRead, n).CopyTo(caller.Memory!.GetSpan(ptr, n));
        _pendingRead += n;
        return n;
    }
}
