namespace Wharf.Wasm.Wasi;

/// <summary>The fd_* bindings.</summary>
public static partial class WasiLinkerExtensions
{
    private static void DefineFd(Linker linker, WasiContext ctx)
    {
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
    }
}
