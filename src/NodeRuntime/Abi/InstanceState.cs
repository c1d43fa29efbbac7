using System.Buffers;

namespace Wharf.NodeRuntime.Abi;

/// <summary>The phase an instance is in; each ABI import states which phases may call it.</summary>
internal enum AbiPhase
{
    /// <summary>Pre-initialization (<c>_initialize</c>, <c>wharf_init</c>).</summary>
    Init,

    /// <summary>Inside <c>wharf_handle</c>.</summary>
    Request,

    /// <summary>The handler returned; every call fails with <c>ERR_STATE</c>.</summary>
    Done,
}

/// <summary>A request as the worker sees it; the body is fully buffered (within the worker's limit) before
/// the guest runs, so reading it never blocks on the network.</summary>
internal sealed record WorkerRequest(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body);

/// <summary>Per-instance state of one pre-initialization or request: the phase, the pending result buffer,
/// the request, the response being built and the open KV handles.</summary>
internal sealed class InstanceState
{
    private byte[] _result = [];
    private int _resultOffset;

    public InstanceState(AbiPhase phase, WorkerRequest? request, int maxResponseBytes, CancellationToken cancellationToken)
    {
        Phase = phase;
        Request = request;
        Response = new ResponseBuilder(maxResponseBytes);
        CancellationToken = cancellationToken;
    }

    public AbiPhase Phase { get; set; }

    public WorkerRequest? Request { get; }

    public int BodyOffset { get; set; }

    public ResponseBuilder Response { get; }

    /// <summary>KV namespace ids by handle (handle = index + 1).</summary>
    public List<string> KvHandles { get; } = [];

    /// <summary>Log lines written so far (capped per request so a worker cannot flood the host's log).</summary>
    public int LogLines { get; set; }

    /// <summary>Outbound requests made so far.</summary>
    public int FetchCount { get; set; }

    /// <summary>Cancelled at the request deadline; host calls that wait on I/O observe it.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>When false, guest log lines are dropped (re-initialization per request repeats load-time output).</summary>
    public bool LogEnabled { get; set; } = true;

    /// <summary>Replaces the pending result and returns its length.</summary>
    public int SetResult(byte[] data)
    {
        _result = data;
        _resultOffset = 0;
        return data.Length;
    }

    /// <summary>Copies up to <paramref name="target"/>.Length unread result bytes and consumes them.</summary>
    public int ReadResult(Span<byte> target)
    {
        var n = Math.Min(target.Length, _result.Length - _resultOffset);
        _result.AsSpan(_resultOffset, n).CopyTo(target);
        _resultOffset += n;
        return n;
    }
}

/// <summary>Status, headers and body produced by the worker, with the response size cap.</summary>
internal sealed class ResponseBuilder(int maxBodyBytes)
{
    private readonly ArrayBufferWriter<byte> _body = new();

    public int Status { get; set; } = 200;

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public bool BodyStarted => _body.WrittenCount > 0;

    /// <summary>Set once a write went beyond the cap: the host answers 502 whatever the worker does next.</summary>
    public bool Overflowed { get; private set; }

    public int MaxBodyBytes { get; } = maxBodyBytes;

    public ReadOnlyMemory<byte> Body => _body.WrittenMemory;

    public bool TryWrite(ReadOnlySpan<byte> data)
    {
        if (Overflowed || (long)_body.WrittenCount + data.Length > MaxBodyBytes)
        {
            Overflowed = true;
            return false;
        }

        _body.Write(data);
        return true;
    }
}
