namespace Wharf.Wasm.Wasi;

/// <summary>Resolves guest paths inside a preopened directory without ever leaving it.</summary>
/// <remarks>
/// Every component is walked on the host: <c>..</c> pops one resolved component and may not pop
/// past the preopen root; symbolic links are read and their (relative) targets spliced into the
/// walk, so a link can never point the walk outside; absolute paths and absolute link targets are
/// refused with <c>ENOTCAPABLE</c>. The result names a host path whose directories are all real
/// directories inside the root. Like WASI's capability model
/// (https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-path_openfd-fd-dirflags-lookupflags-path-string-oflags-oflags-fs_rights_base-rights-fs_rights_inheriting-rights-fdflags-fdflags---resultfd-errno).
/// Host-side races (another host process swapping a directory for a link between the check and
/// the use) are not defended against.
/// </remarks>
internal static class PathSandbox
{
    /// <summary>Linux's limit on links followed in one resolution (MAXSYMLINKS).</summary>
    private const int MaxSymlinks = 40;

    /// <summary>The outcome of a resolution.</summary>
    /// <param name="HostPath">Absolute host path of the final component.</param>
    /// <param name="RelativePath">The same, relative to the root ("" for the root).</param>
    /// <param name="TrailingSlash">The guest path ended in '/', so the target must be a directory.</param>
    public readonly record struct Resolved(string HostPath, string RelativePath, bool TrailingSlash);

    public static Resolved Resolve(DirFd dir, string path, bool followFinal)
    {
        if (path.Length == 0)
        {
            throw new WasiErrnoException(Errno.Noent);
        }

        if (path[0] == '/')
        {
            throw new WasiErrnoException(Errno.Notcapable);
        }

        var root = dir.Root.HostPath;
        var stack = new List<string>(dir.RelativePath.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var pending = new LinkedList<string>(path.Split('/'));
        var trailingSlash = path.EndsWith('/');
        var links = 0;

        while (pending.First is { } node)
        {
            var part = node.Value;
            pending.RemoveFirst();
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (stack.Count == 0)
                {
                    throw new WasiErrnoException(Errno.Notcapable);
                }

                stack.RemoveAt(stack.Count - 1);
                continue;
            }

            var isLast = !pending.Any(p => p.Length > 0 && p != ".");
            var candidate = Join(root, stack, part);
            if (!isLast || followFinal || trailingSlash)
            {
                var target = ReadLink(candidate);
                if (target is not null)
                {
                    if (++links > MaxSymlinks)
                    {
                        throw new WasiErrnoException(Errno.Loop);
                    }

                    if (target.Length == 0 || target[0] == '/')
                    {
                        throw new WasiErrnoException(Errno.Notcapable);
                    }

                    var parts = target.Split('/');
                    for (var i = parts.Length - 1; i >= 0; i--)
                    {
                        pending.AddFirst(parts[i]);
                    }

                    continue;
                }
            }

            if (!isLast && File.Exists(candidate))
            {
                throw new WasiErrnoException(Errno.Notdir); // "file/.." must not act like "."
            }

            stack.Add(part);
        }

        var relative = string.Join('/', stack);
        return new Resolved(stack.Count == 0 ? root : Path.Join(root, relative), relative, trailingSlash);
    }

    /// <summary>The link's target text, or null when <paramref name="hostPath"/> is not a link.</summary>
    public static string? ReadLink(string hostPath)
    {
        try
        {
            return new FileInfo(hostPath).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            throw new WasiErrnoException(Errno.Acces);
        }
    }

    private static string Join(string root, List<string> stack, string part) =>
        stack.Count == 0 ? Path.Join(root, part) : Path.Join(root, string.Join('/', stack), part);
}
