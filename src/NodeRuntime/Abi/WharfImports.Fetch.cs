using System.Buffers.Binary;
using Wharf.NodeRuntime.Egress;
using Wharf.Wasm;

namespace Wharf.NodeRuntime.Abi;

/// <summary><c>http_fetch</c>: request phase only, under the worker's egress policy.</summary>
internal sealed partial class WharfImports
{
    private void DefineFetch(Linker linker) =>
        linker.DefineFunction(M, "http_fetch", (Func<Caller, int, int, int, int, int, int, int, int, int>)HttpFetch);

    private int HttpFetch(Caller caller, int methodPtr, int methodLen, int urlPtr, int urlLen, int headersPtr, int headersLen, int bodyPtr, int bodyLen)
    {
        if (Check(true, out var state) is < 0 and var error)
        {
            return error;
        }

        if (!GuestMemory.TryGetString(caller, methodPtr, methodLen, out var method)
            || !HeaderBlock.IsValidName(method)
            || !GuestMemory.TryGetString(caller, urlPtr, urlLen, out var urlText)
            || !Uri.TryCreate(urlText, UriKind.Absolute, out var url)
            || !GuestMemory.TryGet(caller, headersPtr, headersLen, out var headerBytes)
            || !HeaderBlock.TryDecode(headerBytes, out var headers)
            || !GuestMemory.TryGet(caller, bodyPtr, bodyLen, out var bodySpan))
        {
            return AbiErrors.Invalid;
        }

        if (Services.Fetcher is not { } fetcher)
        {
            return AbiErrors.Denied;
        }

        if (++state.FetchCount > Services.MaxOutboundRequests)
        {
            return AbiErrors.Limit;
        }

        var request = new FetchRequest(method.ToUpperInvariant(), url, headers, bodySpan.ToArray());
        FetchResponse response;
        try
        {
            response = fetcher.FetchAsync(request, state.CancellationToken).GetAwaiter().GetResult();
        }
        catch (FetchFailedException e)
        {
            Services.Log.Write(Services.WorkerName, Hosting.WorkerLogLevel.Warn, $"http_fetch {request.Method} {url}: {e.Message}");
            return e.AbiError;
        }

        var block = HeaderBlock.Encode(response.Headers);
        var result = new byte[8 + block.Length + response.Body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(result, (uint)response.Status);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)block.Length);
        block.CopyTo(result, 8);
        response.Body.CopyTo(result, 8 + block.Length);
        return state.SetResult(result);
    }
}
