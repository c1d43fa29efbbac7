using System.Text;
using Wharf.Wasm;

namespace Wharf.NodeRuntime.Abi;

/// <summary>Request and response imports: only callable inside <c>wharf_handle</c>.</summary>
internal sealed partial class WharfImports
{
    // Framing headers are computed by the host from the buffered body; a worker copying them from
    // another response must not break the framing, so they are accepted and ignored.
    private static readonly HashSet<string> HostManagedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer", "te",
    };

    private void DefineRequest(Linker linker)
    {
        linker.DefineFunction(M, "request_method", (Func<int>)RequestMethod);
        linker.DefineFunction(M, "request_url", (Func<int>)RequestUrl);
        linker.DefineFunction(M, "request_headers", (Func<int>)RequestHeaders);
        linker.DefineFunction(M, "request_body_read", (Func<Caller, int, int, int>)RequestBodyRead);
        linker.DefineFunction(M, "response_set_status", (Func<int, int>)ResponseSetStatus);
        linker.DefineFunction(M, "response_add_header", (Func<Caller, int, int, int, int, int>)ResponseAddHeader);
        linker.DefineFunction(M, "response_write", (Func<Caller, int, int, int>)ResponseWrite);
    }

    private int RequestMethod() =>
        Check(true, out var state) is < 0 and var error ? error : state.SetResult(Encoding.UTF8.GetBytes(state.Request!.Method));

    private int RequestUrl() =>
        Check(true, out var state) is < 0 and var error ? error : state.SetResult(Encoding.UTF8.GetBytes(state.Request!.Url));

    private int RequestHeaders() =>
        Check(true, out var state) is < 0 and var error ? error : state.SetResult(HeaderBlock.Encode(state.Request!.Headers));

    private int RequestBodyRead(Caller caller, int ptr, int len)
    {
        if (Check(true, out var state) is < 0 and var error)
        {
            return error;
        }

        if (!GuestMemory.TryGet(caller, ptr, len, out var target))
        {
            return AbiErrors.Invalid;
        }

        var body = state.Request!.Body.Span[state.BodyOffset..];
        var n = Math.Min(body.Length, target.Length);
        body[..n].CopyTo(target);
        state.BodyOffset += n;
        return n;
    }

    private int ResponseSetStatus(int status)
    {
        if (Check(true, out var state) is < 0 and var error)
        {
            return error;
        }

        if (status is < 100 or > 599)
        {
            return AbiErrors.Invalid;
        }

        if (state.Response.BodyStarted)
        {
            return AbiErrors.State;
        }

        state.Response.Status = status;
        return 0;
    }

    private int ResponseAddHeader(Caller caller, int namePtr, int nameLen, int valuePtr, int valueLen)
    {
        if (Check(true, out var state) is < 0 and var error)
        {
            return error;
        }

        if (!GuestMemory.TryGetString(caller, namePtr, nameLen, out var name)
            || !GuestMemory.TryGetString(caller, valuePtr, valueLen, out var value)
            || !HeaderBlock.IsValidName(name) || !HeaderBlock.IsValidValue(value))
        {
            return AbiErrors.Invalid;
        }

        if (state.Response.BodyStarted)
        {
            return AbiErrors.State;
        }

        if (!HostManagedHeaders.Contains(name))
        {
            state.Response.Headers.Add(new(name.ToLowerInvariant(), value));
        }

        return 0;
    }

    private int ResponseWrite(Caller caller, int ptr, int len)
    {
        if (Check(true, out var state) is < 0 and var error)
        {
            return error;
        }

        if (!GuestMemory.TryGet(caller, ptr, len, out var data))
        {
            return AbiErrors.Invalid;
        }

        return state.Response.TryWrite(data) ? data.Length : AbiErrors.Limit;
    }
}
