namespace Wharf.NodeRuntime.Abi;

/// <summary>Error codes of the worker ABI (docs/worker-abi.md, "Error codes").</summary>
public static class AbiErrors
{
    /// <summary>Malformed argument: bad pointer/length, UTF-8, header or enum value.</summary>
    public const int Invalid = -1;

    /// <summary>No such key, binding or handle.</summary>
    public const int NotFound = -2;

    /// <summary>Not granted by the worker's spec, or called outside its phase.</summary>
    public const int Denied = -3;

    /// <summary>A limit was hit.</summary>
    public const int Limit = -4;

    /// <summary>A backend is down.</summary>
    public const int Unavailable = -5;

    /// <summary>An operation ran past its time budget.</summary>
    public const int Timeout = -6;

    /// <summary>Wrong order, e.g. setting the status after body bytes were written.</summary>
    public const int State = -7;
}

/// <summary>Names fixed by the ABI.</summary>
public static class AbiNames
{
    /// <summary>The import module of ABI version 1.</summary>
    public const string ImportModule = "wharf";

    /// <summary>The ABI version this host serves.</summary>
    public const int Version = 1;

    /// <summary>Export returning the ABI version.</summary>
    public const string VersionExport = "wharf_abi_version";

    /// <summary>Export called once at pre-initialization.</summary>
    public const string InitExport = "wharf_init";

    /// <summary>Export called once per request.</summary>
    public const string HandleExport = "wharf_handle";

    /// <summary>WASI reactor initializer.</summary>
    public const string ReactorInitExport = "_initialize";

    /// <summary>WASI command entry point (WAGI workers).</summary>
    public const string CommandExport = "_start";
}
