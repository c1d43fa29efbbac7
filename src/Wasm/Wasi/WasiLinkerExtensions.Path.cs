namespace Wharf.Wasm.Wasi;

/// <summary>The path_* bindings.</summary>
public static partial class WasiLinkerExtensions
{
    private static void DefinePath(Linker linker, WasiContext ctx)
    {
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
    }
}
