namespace Wharf.Wasm.Wasi;

/// <summary>What a WASI preview1 program sees of its host: arguments, environment, standard
/// streams and the host directories it may use. Immutable; validated by
/// <see cref="WasiLinkerExtensions.AddWasi(Linker, WasiOptions)"/>.</summary>
public sealed record WasiOptions
{
    /// <summary>The program's argv; by convention element 0 is the program name.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Environment variables, exposed in this order as <c>KEY=VALUE</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary>The guest's fd 0; <see langword="null"/> reads as an empty stream. The three standard
    /// streams belong to the caller: WASI never disposes them, not even on <c>fd_close</c>.</summary>
    public Stream? Stdin { get; init; }

    /// <summary>The guest's fd 1; <see langword="null"/> discards output.</summary>
    public Stream? Stdout { get; init; }

    /// <summary>The guest's fd 2; <see langword="null"/> discards output.</summary>
    public Stream? Stderr { get; init; }

    /// <summary>Host directories the guest may use, handed out as fds 3, 4, … in this order.
    /// Nothing outside them is reachable: paths are resolved component by component and may
    /// not leave the directory through <c>..</c>, absolute paths or symbolic links.</summary>
    public IReadOnlyList<WasiPreopen> Preopens { get; init; } = [];

    internal void Validate()
    {
        foreach (var (key, value) in Env)
        {
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"invalid environment variable name '{key}'", nameof(Env));
            }

            if (value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"environment variable '{key}' contains a NUL character", nameof(Env));
            }
        }

        if (Args.Any(a => a.Contains('\0', StringComparison.Ordinal)))
        {
            throw new ArgumentException("arguments may not contain NUL characters", nameof(Args));
        }

        foreach (var preopen in Preopens)
        {
            preopen.Validate();
        }
    }
}

/// <summary>A host directory made available to the guest.</summary>
/// <param name="HostPath">The directory on the host; it must exist.</param>
/// <param name="GuestPath">The name the guest sees, e.g. <c>/data</c> or <c>.</c>.</param>
/// <param name="ReadOnly">When set, every operation that would modify the directory fails with
/// <c>EROFS</c>.</param>
public sealed record WasiPreopen(string HostPath, string GuestPath, bool ReadOnly = false)
{
    internal void Validate()
    {
        if (string.IsNullOrEmpty(GuestPath) || GuestPath.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid guest path '{GuestPath}' for preopen '{HostPath}'", nameof(GuestPath));
        }

        if (!Directory.Exists(HostPath))
        {
            throw new DirectoryNotFoundException($"preopened directory '{HostPath}' does not exist");
        }
    }
}
