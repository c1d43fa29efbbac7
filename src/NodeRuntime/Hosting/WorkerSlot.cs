using Wharf.NodeRuntime.Abi;
using Wharf.Wasm;
using Wharf.Wasm.Wasi;

namespace Wharf.NodeRuntime.Hosting;

/// <summary>
/// One execution slot of an SDK worker: a linker with the <c>wharf</c> imports and WASI (no preopens, argv[0] =
/// worker name, the plain variables as environment, stdout/stderr into the worker log). Building a linker costs
/// milliseconds (host adapters are generated per definition), so slots are pooled and reused by successive
/// requests; a slot runs one guest at a time, and a slot whose guest trapped or timed out is discarded.
/// </summary>
internal sealed class WorkerSlot
{
    public WorkerSlot(WasmEngine engine, AbiServices services, IReadOnlyDictionary<string, string> vars)
    {
        Imports = new WharfImports(services);
        Linker = new Linker(engine);
        Imports.Define(Linker);
        Linker.AddWasi(new WasiOptions
        {
            Args = [services.WorkerName],
            Env = [.. vars],
            Stdout = new LineLogStream(services.Log, services.WorkerName, WorkerLogLevel.Info),
            Stderr = new LineLogStream(services.Log, services.WorkerName, WorkerLogLevel.Warn),
        });
    }

    public Linker Linker { get; }

    public WharfImports Imports { get; }
}

/// <summary>
/// Creates the pre-initialized instance a request runs on: restored from the snapshot taken after load-time
/// pre-initialization (<see cref="SnapshotInstanceFactory"/>, the default), or instantiated with
/// <c>_initialize</c> and <c>wharf_init</c> re-run (<see cref="ReinitInstanceFactory"/>, when snapshots are off).
/// </summary>
internal interface IInstanceFactory
{
    /// <summary>A ready instance on <paramref name="slot"/>; <paramref name="state"/> is in the Init phase and the
    /// slot's imports already point at it.</summary>
    WasmInstance Create(WorkerSlot slot, InstanceOptions options, InstanceState state);
}

/// <summary>Thrown when <c>wharf_init</c> fails or the instance does not fit the worker's limits.</summary>
internal sealed class WorkerInitException(string message) : Exception(message);

/// <summary>Instantiates and initializes from scratch for every request.</summary>
internal sealed class ReinitInstanceFactory(WasmModule module, long memoryCapBytes) : IInstanceFactory
{
    public WasmInstance Create(WorkerSlot slot, InstanceOptions options, InstanceState state)
    {
        var instance = slot.Linker.Instantiate(module, options);
        if (instance.GetMemory("memory") is not { } memory)
        {
            throw new WorkerInitException("module does not export its memory as \"memory\"");
        }

        if (memory.Length > memoryCapBytes)
        {
            throw new WorkerInitException($"initial memory of {memory.Length} bytes exceeds the worker's memory limit of {memoryCapBytes} bytes");
        }

        instance.GetFunction(AbiNames.ReactorInitExport)?.Invoke();
        if (instance.GetFunction(AbiNames.InitExport) is { } init)
        {
            var rc = init.Invoke()[0].I32;
            if (rc != 0)
            {
                throw new WorkerInitException($"{AbiNames.InitExport} returned {rc}");
            }
        }

        return instance;
    }
}
