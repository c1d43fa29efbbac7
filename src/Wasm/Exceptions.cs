namespace Wharf.Wasm;

/// <summary>Base class of every error the engine raises on behalf of a module.</summary>
public abstract class WasmException : Exception
{
    private protected WasmException(string message)
        : base(message)
    {
    }

    private protected WasmException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}

/// <summary>The bytes are not a well-formed binary module (spec: "malformed").</summary>
/// <remarks>The message is the spec's wording, e.g. "unexpected end" or "integer too large".</remarks>
public sealed class WasmMalformedException : WasmException
{
    /// <summary>Creates the error for <paramref name="message"/> found at byte <paramref name="offset"/>.</summary>
    public WasmMalformedException(string message, long offset)
        : base(message)
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the module where decoding failed.</summary>
    public long Offset { get; }
}

/// <summary>The module decodes but does not validate (spec: "invalid"), e.g. "type mismatch".</summary>
public sealed class WasmInvalidException : WasmException
{
    /// <summary>Creates the error with the spec's wording; <paramref name="functionIndex"/> is -1 outside code.</summary>
    public WasmInvalidException(string message, int functionIndex = -1, long offset = -1)
        : base(message)
    {
        FunctionIndex = functionIndex;
        Offset = offset;
    }

    /// <summary>Index (in the function index space) of the function that failed, or -1.</summary>
    public int FunctionIndex { get; }

    /// <summary>Byte offset of the offending instruction, or -1.</summary>
    public long Offset { get; }
}

/// <summary>Instantiation failed while resolving imports (spec: "unknown import", "incompatible import type").</summary>
public sealed class WasmLinkException : WasmException
{
    /// <summary>Creates the error with the spec's wording.</summary>
    public WasmLinkException(string message)
        : base(message)
    {
    }
}

/// <summary>Execution trapped. The message is the spec's wording, e.g. "out of bounds memory access".</summary>
public sealed class WasmTrapException : WasmException
{
    /// <summary>Creates a trap with the spec's wording.</summary>
    public WasmTrapException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a trap caused by a host failure.</summary>
    public WasmTrapException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}

/// <summary>A WASI program called <c>proc_exit</c>; not an error, but it unwinds the guest.</summary>
public sealed class WasmExitException : WasmException
{
    /// <summary>Creates the exit signal for <paramref name="exitCode"/>.</summary>
    public WasmExitException(int exitCode)
        : base($"exit with code {exitCode}")
    {
        ExitCode = exitCode;
    }

    /// <summary>The code passed to <c>proc_exit</c>.</summary>
    public int ExitCode { get; }
}
