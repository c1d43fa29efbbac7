namespace Wharf.Wasm.Wasi;

/// <summary>Adds WASI preview1 (<c>wasi_snapshot_preview1</c>) to a <see cref="Linker"/>.</summary>
public static partial class WasiLinkerExtensions
{
    /// <summary>The import module name of WASI preview1.</summary>
    public const string Module = "wasi_snapshot_preview1";

    /// <summary>Defines every preview1 function in <paramref name="linker"/>, backed by one program
    /// state (argv, environment, streams, fd table) built from <paramref name="options"/>. Use one
    /// linker per program run: instances created from it share that state. <c>proc_exit</c> unwinds
    /// the guest with <see cref="WasmExitException"/>; sockets are never handed out, so
    /// <c>sock_*</c> fail with <c>ENOTSOCK</c> (or <c>EBADF</c>).</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">A preopened host directory does not exist.</exception>
    public static Linker AddWasi(this Linker linker, WasiOptions options)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(options);
        var ctx = new WasiContext(options);
        linker.DefineFunction(Module, "proc_exit", (Action<int>)WasiContext.ProcExit);
        DefineProcess(linker, ctx);
        DefineFd(linker, ctx);
        DefinePath(linker, ctx);
        return linker;
    }

    private static GuestMemory M(Caller caller) => GuestMemory.Of(caller);

    // args, environ, clocks, random, poll, scheduling, signals, sockets
    private static void DefineProcess(Linker linker, WasiContext ctx)
    {
        linker.DefineFunction(Module, "args_get", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.ArgsGet(M(c), a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "args_sizes_get", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.ArgsSizesGet(M(c), a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "environ_get", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.EnvironGet(M(c), a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "environ_sizes_get", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.EnvironSizesGet(M(c), a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "clock_res_get", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.ClockResGet(M(c), a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "clock_time_get", (Func<Caller, int, long, int, int>)((c, a0, a1, a2) =>
        {
            try
            {
                return (int)ctx.ClockTimeGet(M(c), a0, a1, a2);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "poll_oneoff", (Func<Caller, int, int, int, int, int>)((c, a0, a1, a2, a3) =>
        {
            try
            {
                return (int)ctx.PollOneoff(M(c), a0, a1, a2, a3, c.Instance.Context.CheckInterrupt);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "proc_raise", (Func<Caller, int, int>)((c, a0) =>
        {
            try
            {
                return (int)WasiContext.ProcRaise(a0);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "sched_yield", (Func<Caller, int>)((c) =>
        {
            try
            {
                return (int)WasiContext.SchedYield();
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "random_get", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)WasiContext.RandomGet(M(c), a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "sock_accept", (Func<Caller, int, int, int, int>)((c, a0, a1, a2) =>
        {
            try
            {
                return (int)ctx.SockCall(a0);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "sock_recv", (Func<Caller, int, int, int, int, int, int, int>)((c, a0, a1, a2, a3, a4, a5) =>
        {
            try
            {
                return (int)ctx.SockCall(a0);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "sock_send", (Func<Caller, int, int, int, int, int, int>)((c, a0, a1, a2, a3, a4) =>
        {
            try
            {
                return (int)ctx.SockCall(a0);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "sock_shutdown", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.SockCall(a0);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
    }
}
