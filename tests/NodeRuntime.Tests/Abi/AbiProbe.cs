using System.Buffers.Binary;
using System.Text;

namespace Wharf.NodeRuntime.Tests.Abi;

/// <summary>
/// Builds a WAT worker that performs a list of ABI calls in order, stores each i32 result in slot i of a
/// results area and answers with the results followed by the captured result-buffer reads. String arguments
/// are placed in a data segment. Slot values can feed later calls through <see cref="Slot"/>.
/// </summary>
internal sealed class AbiProbe
{
    private const int ResultsBase = 8192;
    private const int CaptureBase = 16384;
    private readonly StringBuilder _data = new();
    private readonly StringBuilder _body = new();
    private readonly List<string> _captures = [];
    private int _dataOffset = 16;
    private int _captureOffset = CaptureBase;

    public int Count { get; private set; }

    /// <summary>An argument pair (ptr, len) for a string placed in the data segment.</summary>
    public string Str(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var escaped = string.Concat(bytes.Select(b => $"\\{b:x2}"));
        _data.Append($"(data (i32.const {_dataOffset}) \"{escaped}\")\n");
        var arg = $"(i32.const {_dataOffset}) (i32.const {bytes.Length})";
        _dataOffset += bytes.Length + 8;
        return arg;
    }

    public static string I32(int v) => $"(i32.const {v})";

    public static string I64(long v) => $"(i64.const {v})";

    /// <summary>The value stored by call <paramref name="index"/>.</summary>
    public static string Slot(int index) => $"(i32.load (i32.const {ResultsBase + (index * 4)}))";

    /// <summary>Calls <paramref name="import"/> and stores its result; returns the slot index.</summary>
    public int Call(string import, params string[] args)
    {
        _body.Append($"(i32.store (i32.const {ResultsBase + (Count * 4)}) (call ${import} {string.Join(' ', args)}))\n");
        return Count++;
    }

    /// <summary>Stores what wharf_init's expression returned; returns the slot index.</summary>
    public int InitResult()
    {
        _body.Append($"(i32.store (i32.const {ResultsBase + (Count * 4)}) (global.get $init_result))\n");
        return Count++;
    }

    /// <summary>Reads up to <paramref name="len"/> pending result bytes into a capture buffer; the bytes come
    /// back in <see cref="Decode"/>. Returns the slot holding result_read's return value.</summary>
    public int Capture(int len)
    {
        var at = _captureOffset;
        _captureOffset += len;
        _captures.Add($"(drop (call $response_write (i32.const {at}) {Slot(Call("result_read", I32(at), I32(len)))}))");
        return Count - 1;
    }

    public string Wat(string initBody = "(i32.const 0)") => $$"""
        (module
          (import "wharf" "init_data" (func $init_data (result i32)))
          (import "wharf" "bindings" (func $bindings (result i32)))
          (import "wharf" "result_read" (func $result_read (param i32 i32) (result i32)))
          (import "wharf" "request_method" (func $request_method (result i32)))
          (import "wharf" "request_url" (func $request_url (result i32)))
          (import "wharf" "request_headers" (func $request_headers (result i32)))
          (import "wharf" "request_body_read" (func $request_body_read (param i32 i32) (result i32)))
          (import "wharf" "response_set_status" (func $response_set_status (param i32) (result i32)))
          (import "wharf" "response_add_header" (func $response_add_header (param i32 i32 i32 i32) (result i32)))
          (import "wharf" "response_write" (func $response_write (param i32 i32) (result i32)))
          (import "wharf" "random_fill" (func $random_fill (param i32 i32) (result i32)))
          (import "wharf" "crypto_digest" (func $crypto_digest (param i32 i32 i32) (result i32)))
          (import "wharf" "kv_open" (func $kv_open (param i32 i32) (result i32)))
          (import "wharf" "kv_get" (func $kv_get (param i32 i32 i32) (result i32)))
          (import "wharf" "kv_get_with_metadata" (func $kv_get_with_metadata (param i32 i32 i32) (result i32)))
          (import "wharf" "kv_put" (func $kv_put (param i32 i32 i32 i32 i32 i64 i32 i32) (result i32)))
          (import "wharf" "kv_delete" (func $kv_delete (param i32 i32 i32) (result i32)))
          (import "wharf" "kv_list" (func $kv_list (param i32 i32 i32 i32 i32 i32) (result i32)))
          (import "wharf" "http_fetch" (func $http_fetch (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (global $init_result (mut i32) (i32.const 0))
          {{_data}}
          (func (export "wharf_abi_version") (result i32) (i32.const 1))
          (func (export "wharf_init") (result i32) (global.set $init_result {{initBody}}) (i32.const 0))
          (func (export "wharf_handle") (result i32)
            {{_body}}
            (drop (call $response_write (i32.const {{ResultsBase}}) (i32.const {{Count * 4}})))
            {{string.Join("\n", _captures)}}
            (i32.const 0)))
        """;

    /// <summary>Splits a response body into the call results and the captured bytes.</summary>
    public (int[] Results, byte[] Captured) Decode(byte[] body)
    {
        var results = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            results[i] = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(i * 4));
        }

        return (results, body[(Count * 4)..]);
    }
}
