using Wharf.NodeRuntime.Abi;
using Wharf.NodeRuntime.Wagi;
using Wharf.Wasm;
using Wharf.Wasm.Wasi;

namespace Wharf.NodeRuntime.Hosting;

/// <summary>Request execution: admission, deadline, guest thread, outcome mapping.</summary>
internal sealed partial class LoadedWorker
{
    /// <summary>How long past the deadline the host waits for a guest stuck in a non-interruptible host call
    /// before answering 504 anyway (an interruptible guest traps within milliseconds of the deadline).</summary>
    private static readonly TimeSpan StuckGrace = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs <paramref name="request"/>; never throws for guest failures.</summary>
    public async Task<WorkerResponse> InvokeAsync(IncomingRequest request, CancellationToken aborted)
    {
        var limits = Definition.Limits;
        if (!_permits.Wait(0, CancellationToken.None))
        {
            if (Interlocked.Increment(ref _waiting) > limits.MaxQueue)
            {
                Interlocked.Decrement(ref _waiting);
                return Busy("all instances are busy and the queue is full");
            }

            bool admitted;
            try
            {
                admitted = await _permits.WaitAsync(limits.QueueTimeout, aborted).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }

            if (!admitted)
            {
                return Busy($"no instance became free within {limits.QueueTimeout.TotalMilliseconds} ms");
            }
        }

        var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(limits.Timeout);
        Task<WorkerResponse> run;
        try
        {
            run = GuestThread.Run(
                () =>
                {
                    try
                    {
                        return Kind == WorkerKind.Sdk ? ExecuteSdk(request, deadline) : ExecuteWagi(request, deadline);
                    }
                    finally
                    {
                        deadline.Dispose();
                        _permits.Release();
                    }
                },
                _hostOptions.GuestStackBytes,
                $"wharf-guest-{Name}");
        }
        catch
        {
            deadline.Dispose();
            _permits.Release();
            throw;
        }

        var stuck = Task.Delay(limits.Timeout + StuckGrace, CancellationToken.None);
        if (await Task.WhenAny(run, stuck).ConfigureAwait(false) == run)
        {
            return await run.ConfigureAwait(false);
        }

        return TimedOut();
    }

    private WorkerResponse ExecuteSdk(IncomingRequest request, CancellationTokenSource deadline)
    {
        var slot = RentSlot();
        var reusable = false;
        var state = new InstanceState(AbiPhase.Init, request.ToWorkerRequest(), Definition.Limits.MaxResponseBodyBytes, deadline.Token)
        {
            LogEnabled = false,
        };
        slot.Imports.Current = state;
        WasmInstance? instance = null;
        try
        {
            instance = _factory.Create(slot, InstanceOptionsFor(deadline.Token), state);
            state.Phase = AbiPhase.Request;
            state.LogEnabled = true;
            var rc = instance.GetFunction(AbiNames.HandleExport)!.Invoke()[0].I32;
            state.Phase = AbiPhase.Done;
            reusable = true;
            if (state.Response.Overflowed)
            {
                return TooLarge();
            }

            if (rc != 0)
            {
                return Failure($"{AbiNames.HandleExport} returned {rc}", null);
            }

            var response = state.Response;
            return new WorkerResponse(response.Status, response.Headers, response.Body);
        }
        catch (Exception e)
        {
            return Map(e, deadline);
        }
        finally
        {
            // Each request's instance is used once: free its linear memory now rather than at finalization,
            // which keeps native memory and GC pressure flat under load.
            instance?.Dispose();
            slot.Imports.Current = null;
            if (reusable)
            {
                _slots.Add(slot);
            }
        }
    }

    private WorkerResponse ExecuteWagi(IncomingRequest request, CancellationTokenSource deadline)
    {
        var linker = NewWagiLinker(request, out var stdout);
        try
        {
            using var instance = linker.Instantiate(_module, InstanceOptionsFor(deadline.Token));
            try
            {
                instance.GetFunction(AbiNames.CommandExport)!.Invoke();
            }
            catch (WasmExitException e) when (e.ExitCode == 0)
            {
                // exit(0) is a normal end of a CGI program.
            }

            if (stdout.Overflowed)
            {
                return TooLarge();
            }

            var response = CgiResponseParser.Parse(stdout.Data, out var error);
            if (response is null)
            {
                HostLog.WorkerRejected(_logger, Name, $"malformed CGI output: {error}");
                return WorkerResponse.Text(502, $"bad gateway: worker '{Name}' produced malformed CGI output");
            }

            return response;
        }
        catch (Exception e)
        {
            return Map(e, deadline);
        }
    }

    private Linker NewWagiLinker(IncomingRequest request, out CappedBufferStream stdout)
    {
        stdout = new CappedBufferStream(Definition.Limits.MaxResponseBodyBytes + (64 * 1024));
        return new Linker(_engine).AddWasi(new WasiOptions
        {
            Args = CgiEnvironment.Args(Name, request.QueryString),
            Env = CgiEnvironment.Build(request, Definition.Bindings.Vars),
            Stdin = new MemoryStream(request.Body.ToArray(), writable: false),
            Stdout = stdout,
            Stderr = new LineLogStream(_services.Log, Name, WorkerLogLevel.Warn),
        });
    }

    /// <summary>Maps a failed guest run to its answer.</summary>
    private WorkerResponse Map(Exception e, CancellationTokenSource deadline) => e switch
    {
        WasmTrapException trap when deadline.IsCancellationRequested || trap.Message.StartsWith("interrupted", StringComparison.Ordinal) => TimedOut(),
        WasmTrapException trap => Failure($"trap: {trap.Message}", trap),
        WasmExitException exit => Failure($"the worker exited with code {exit.ExitCode}", null),
        WorkerInitException init => Failure($"initialization failed: {init.Message}", null),
        WasmLinkException link => Failure($"cannot link: {link.Message}", null),
        _ => throw e,
    };

    private WorkerResponse TimedOut()
    {
        HostLog.WorkerRejected(_logger, Name, $"request exceeded the timeout of {Definition.Limits.Timeout.TotalMilliseconds} ms");
        return WorkerResponse.Text(504, $"gateway timeout: worker '{Name}' exceeded its time limit");
    }

    private WorkerResponse TooLarge()
    {
        HostLog.WorkerRejected(_logger, Name, $"response body exceeds the limit of {Definition.Limits.MaxResponseBodyBytes} bytes");
        return WorkerResponse.Text(502, $"bad gateway: worker '{Name}' response exceeds its size limit");
    }

    private WorkerResponse Busy(string reason)
    {
        HostLog.WorkerRejected(_logger, Name, reason);
        return WorkerResponse.Text(503, $"service unavailable: worker '{Name}' is busy");
    }
}
