using Wharf.Wasm.Compiler;

namespace Wharf.Wasm.Runtime;

internal enum InterruptReason
{
    None,
    Interrupted,
    Canceled,
    Timeout,
}

/// <summary>
/// Per-instance state passed as the last argument to every compiled function; the compiled code
/// itself is shared by all instances of a module. Public fields are read directly by generated IL.
/// </summary>
internal sealed class InstanceContext
{
    public WasmMemory? Memory;
    public WasmGlobal[] Globals = [];
    public WasmTable[] Tables = [];

    /// <summary>Memory index space (imports first); <see cref="Memory"/> is its first entry.</summary>
    public WasmMemory[] Memories = [];

    /// <summary>Function index space; imports filled at link time, own functions created on demand.</summary>
    public WasmFunction?[] Functions = [];

    /// <summary>Passive data segments (emptied by data.drop and after active initialisation).</summary>
    public ReadOnlyMemory<byte>[] Data = [];

    /// <summary>Element segments as evaluated references (emptied by elem.drop).</summary>
    public object?[][] Elements = [];

    public int Depth;
    public int MaxDepth;

    /// <summary>Epoch value at or after which generated code calls <see cref="CheckInterrupt"/>;
    /// <see cref="long.MinValue"/> forces the check at once.</summary>
    public long Deadline = long.MaxValue;

    private readonly Lock _interruptLock = new();
    private int _active;
    private bool _disposeRequested;
    private bool _disposed;
    private long _timeoutDeadline = long.MaxValue;
    private volatile InterruptReason _reason;
    private CancellationTokenRegistration _registration;

    public InstanceContext(CompiledModule code, InstanceOptions options, int maxDepth)
    {
        Code = code;
        Options = options;
        MaxDepth = maxDepth;
    }

    public CompiledModule Code { get; }

    /// <summary>The module this is an instance of.</summary>
    public WasmModule Module { get; init; } = null!;

    /// <summary>True while guest code runs in this instance (a host function is on the stack, or another thread runs it).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_interruptLock)
            {
                return _active > 0;
            }
        }
    }

    public InstanceOptions Options { get; }

    public WasmInstance Instance { get; set; } = null!;

    public Caller Caller { get; set; } = null!;

    /// <summary>The function at <paramref name="index"/>, creating the wrapper of an own function on first use.</summary>
    public WasmFunction GetFunction(int index) => Functions[index] ??= Code.CreateFunction(index, this);

    /// <summary>Called by generated code once the deadline epoch has passed; traps if really interrupted.</summary>
    public void CheckInterrupt()
    {
        var reason = _reason;
        if (reason == InterruptReason.None && Epoch.Read() >= _timeoutDeadline)
        {
            reason = InterruptReason.Timeout;
        }

        switch (reason)
        {
            case InterruptReason.Interrupted:
                throw new WasmTrapException("interrupted");
            case InterruptReason.Canceled:
                throw new WasmTrapException("interrupted: canceled");
            case InterruptReason.Timeout:
                throw new WasmTrapException("interrupted: timeout");
        }
    }

    public void RequestInterrupt(InterruptReason reason)
    {
        lock (_interruptLock)
        {
            if (_active == 0)
            {
                return;
            }

            _reason = reason;
            Volatile.Write(ref Deadline, long.MinValue);
        }
    }

    /// <summary>Runs <paramref name="function"/> as a host-initiated call: sets up the deadline and cancellation
    /// on the outermost entry, restores the call depth afterwards and turns stray host exceptions into traps.</summary>
    public void RunTopLevel(WasmFunction function, WasmValue[] args, WasmValue[] results)
    {
        var thunk = EntryThunks.Get(function.Type);
        var savedDepth = Depth;
        Enter();
        try
        {
            thunk(function, args, results);
        }
        catch (Exception e) when (e is not WasmException)
        {
            throw new WasmTrapException($"host error: {e.GetType().Name}: {e.Message}", e);
        }
        finally
        {
            Depth = savedDepth;
            Leave();
        }
    }

    /// <summary>Frees the native memories this instance defines, now if no guest code runs in it, else as soon as
    /// the outermost invocation returns (so generated code never sees a freed block). Later invocations throw.</summary>
    public void RequestDispose()
    {
        lock (_interruptLock)
        {
            _disposeRequested = true;
            if (_active > 0)
            {
                return;
            }

            ReleaseOwnedMemories();
        }
    }

    private void ReleaseOwnedMemories()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // Imported memories belong to whoever defined them; only our own blocks are freed.
        for (var i = Module.Module.ImportedMemoryCount; i < Memories.Length; i++)
        {
            Memories[i]?.Release();
        }
    }

    private void Enter()
    {
        lock (_interruptLock)
        {
            ObjectDisposedException.ThrowIf(_disposeRequested && _active == 0, typeof(WasmInstance));
            if (_active++ > 0)
            {
                return;
            }

            if (Options.Timeout is { } timeout)
            {
                Epoch.EnsureRunning();
                _timeoutDeadline = Epoch.Read() + (long)Math.Ceiling(timeout.TotalMilliseconds);
                Deadline = _timeoutDeadline;
            }

            var token = Options.CancellationToken;
            if (token.CanBeCanceled)
            {
                if (token.IsCancellationRequested)
                {
                    _reason = InterruptReason.Canceled;
                    Deadline = long.MinValue;
                }
                else
                {
                    _registration = token.UnsafeRegister(
                        static state => ((InstanceContext)state!).RequestInterrupt(InterruptReason.Canceled), this);
                }
            }
        }
    }

    private void Leave()
    {
        CancellationTokenRegistration registration;
        lock (_interruptLock)
        {
            if (--_active > 0)
            {
                return;
            }

            registration = _registration;
            _registration = default;
            _reason = InterruptReason.None;
            _timeoutDeadline = long.MaxValue;
            Deadline = long.MaxValue;
            if (_disposeRequested)
            {
                ReleaseOwnedMemories();
            }
        }

        registration.Dispose();
    }
}
