namespace Wharf.Wasm.Wasi;

/// <summary>Adds WASI preview1 (<c>wasi_snapshot_preview1</c>) to a <see cref="Linker"/>.</summary>
public static class WasiLinkerExtensions
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
        Define(linker, ctx);
        return linker;
    }

    private static GuestMemory M(Caller caller) => GuestMemory.Of(caller);

    private static void Define(Linker linker, WasiContext ctx)
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
        linker.DefineFunction(Module, "fd_advise", (Func<Caller, int, long, long, int, int>)((c, a0, a1, a2, a3) =>
        {
            try
            {
                return (int)ctx.FdAdvise(a0, a1, a2, a3);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_allocate", (Func<Caller, int, long, long, int>)((c, a0, a1, a2) =>
        {
            try
            {
                return (int)ctx.FdAllocate(a0, a1, a2);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_close", (Func<Caller, int, int>)((c, a0) =>
        {
            try
            {
                return (int)ctx.FdClose(a0);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_datasync", (Func<Caller, int, int>)((c, a0) =>
        {
            try
            {
                return (int)ctx.FdSync(a0);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_fdstat_get", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.FdFdstatGet(M(c), a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_fdstat_set_flags", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.FdFdstatSetFlags(a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_fdstat_set_rights", (Func<Caller, int, long, long, int>)((c, a0, a1, a2) =>
        {
            try
            {
                return (int)ctx.FdFdstatSetRights(a0, a1, a2);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_filestat_get", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.FdFilestatGet(M(c), a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_filestat_set_size", (Func<Caller, int, long, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.FdFilestatSetSize(a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_filestat_set_times", (Func<Caller, int, long, long, int, int>)((c, a0, a1, a2, a3) =>
        {
            try
            {
                return (int)ctx.FdFilestatSetTimes(a0, a1, a2, a3);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_pread", (Func<Caller, int, int, int, long, int, int>)((c, a0, a1, a2, a3, a4) =>
        {
            try
            {
                return (int)ctx.FdPread(M(c), a0, a1, a2, a3, a4);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_prestat_get", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.FdPrestatGet(M(c), a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_prestat_dir_name", (Func<Caller, int, int, int, int>)((c, a0, a1, a2) =>
        {
            try
            {
                return (int)ctx.FdPrestatDirName(M(c), a0, a1, a2);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_pwrite", (Func<Caller, int, int, int, long, int, int>)((c, a0, a1, a2, a3, a4) =>
        {
            try
            {
                return (int)ctx.FdPwrite(M(c), a0, a1, a2, a3, a4);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_read", (Func<Caller, int, int, int, int, int>)((c, a0, a1, a2, a3) =>
        {
            try
            {
                return (int)ctx.FdRead(M(c), a0, a1, a2, a3);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_readdir", (Func<Caller, int, int, int, long, int, int>)((c, a0, a1, a2, a3, a4) =>
        {
            try
            {
                return (int)ctx.FdReaddir(M(c), a0, a1, a2, a3, a4);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_renumber", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.FdRenumber(a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_seek", (Func<Caller, int, long, int, int, int>)((c, a0, a1, a2, a3) =>
        {
            try
            {
                return (int)ctx.FdSeek(M(c), a0, a1, a2, a3);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_sync", (Func<Caller, int, int>)((c, a0) =>
        {
            try
            {
                return (int)ctx.FdSync(a0);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_tell", (Func<Caller, int, int, int>)((c, a0, a1) =>
        {
            try
            {
                return (int)ctx.FdTell(M(c), a0, a1);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "fd_write", (Func<Caller, int, int, int, int, int>)((c, a0, a1, a2, a3) =>
        {
            try
            {
                return (int)ctx.FdWrite(M(c), a0, a1, a2, a3);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "path_create_directory", (Func<Caller, int, int, int, int>)((c, a0, a1, a2) =>
        {
            try
            {
                return (int)ctx.PathCreateDirectory(M(c), a0, a1, a2);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "path_filestat_get", (Func<Caller, int, int, int, int, int, int>)((c, a0, a1, a2, a3, a4) =>
        {
            try
            {
                return (int)ctx.PathFilestatGet(M(c), a0, a1, a2, a3, a4);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "path_filestat_set_times", (Func<Caller, int, int, int, int, long, long, int, int>)((c, a0, a1, a2, a3, a4, a5, a6) =>
        {
            try
            {
                return (int)ctx.PathFilestatSetTimes(M(c), a0, a1, a2, a3, a4, a5, a6);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "path_link", (Func<Caller, int, int, int, int, int, int, int, int>)((c, a0, a1, a2, a3, a4, a5, a6) =>
        {
            try
            {
                return (int)ctx.PathLink(M(c), a0, a1, a2, a3, a4, a5, a6);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "path_open", (Func<Caller, int, int, int, int, int, long, long, int, int, int>)((c, a0, a1, a2, a3, a4, a5, a6, a7, a8) =>
        {
            try
            {
                return (int)ctx.PathOpen(M(c), a0, a1, a2, a3, a4, a5, a6, a7, a8);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "path_readlink", (Func<Caller, int, int, int, int, int, int, int>)((c, a0, a1, a2, a3, a4, a5) =>
        {
            try
            {
                return (int)ctx.PathReadlink(M(c), a0, a1, a2, a3, a4, a5);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "path_remove_directory", (Func<Caller, int, int, int, int>)((c, a0, a1, a2) =>
        {
            try
            {
                return (int)ctx.PathRemoveDirectory(M(c), a0, a1, a2);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "path_rename", (Func<Caller, int, int, int, int, int, int, int>)((c, a0, a1, a2, a3, a4, a5) =>
        {
            try
            {
                return (int)ctx.PathRename(M(c), a0, a1, a2, a3, a4, a5);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "path_symlink", (Func<Caller, int, int, int, int, int, int>)((c, a0, a1, a2, a3, a4) =>
        {
            try
            {
                return (int)ctx.PathSymlink(M(c), a0, a1, a2, a3, a4);
            }
            catch (Exception e) when (HostErrors.IsErrno(e))
            {
                return (int)HostErrors.From(e);
            }
        }));
        linker.DefineFunction(Module, "path_unlink_file", (Func<Caller, int, int, int, int>)((c, a0, a1, a2) =>
        {
            try
            {
                return (int)ctx.PathUnlinkFile(M(c), a0, a1, a2);
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
                return (int)ctx.PollOneoff(M(c), a0, a1, a2, a3);
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
