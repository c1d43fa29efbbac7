using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wharf.NodeRuntime.Abi;
using Wharf.NodeRuntime.Egress;
using Wharf.NodeRuntime.Kv;
using Wharf.Wasm;

namespace Wharf.NodeRuntime.Hosting;

/// <summary>
/// A compiled, pre-initialized worker: admits requests under its concurrency limit and runs each on a fresh
/// instance on a dedicated guest thread, turning every guest failure into an HTTP answer.
/// </summary>
internal sealed partial class LoadedWorker : IDisposable
{
    private readonly WasmEngine _engine;
    private readonly WasmModule _module;
    private readonly WorkerHostOptions _hostOptions;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _permits;
    private readonly ConcurrentBag<WorkerSlot> _slots = [];
    private readonly OutboundFetcher? _fetcher;
    private readonly AbiServices _services;
    private IInstanceFactory _factory;
    private int _waiting;

    private LoadedWorker(WorkerDefinition definition, WorkerKind kind, WasmEngine engine, WasmModule module, WorkerHostOptions hostOptions, IKvStore kv, IWorkerLog log, ILogger logger)
    {
        Definition = definition;
        Kind = kind;
        _engine = engine;
        _module = module;
        _hostOptions = hostOptions;
        _logger = logger;
        var limits = definition.Limits;
        _permits = new SemaphoreSlim(limits.MaxConcurrency, limits.MaxConcurrency);
        if (definition.Egress.Count > 0)
        {
            _fetcher = new OutboundFetcher(new EgressPolicy(definition.Egress, new InternalNetworks(hostOptions.InternalCidrs)), new FetchLimits(limits.FetchTimeout, limits.MaxFetchResponseBytes));
        }

        _services = new AbiServices(
            definition.Name,
            definition.InitData is { IsEmpty: false } initData ? initData.ToArray() : null,
            BindingsJson(definition.Bindings),
            definition.Bindings.Kv.ToDictionary(b => b.Key, b => new KvBindingTarget(b.Value, null), StringComparer.Ordinal),
            kv,
            _fetcher,
            log,
            limits.MaxOutboundRequests);
        _factory = new ReinitInstanceFactory(module, MemoryCapPages * (long)WasmMemory.PageSize);
    }

    public WorkerDefinition Definition { get; }

    public WorkerKind Kind { get; }

    /// <summary>True when requests are restored from the pre-initialized snapshot rather than re-initialized.</summary>
    public bool UsesSnapshot => _factory is SnapshotInstanceFactory;

    public string Name => Definition.Name;

    private uint MemoryCapPages => (uint)Math.Min(Definition.Limits.MemoryBytes / WasmMemory.PageSize, 65536);

    /// <summary>Releases the outbound HTTP client. The permit semaphore is not disposed: a guest still running
    /// after a reload releases its permit when it ends (SemaphoreSlim holds no OS handle unless asked for one).</summary>
    public void Dispose() => _fetcher?.Dispose();

    /// <summary>Compiles and pre-initializes <paramref name="definition"/>; every failure is a
    /// <see cref="WorkerLoadException"/> naming the worker.</summary>
    public static LoadedWorker Load(WorkerDefinition definition, WasmEngine engine, WorkerHostOptions hostOptions, IKvStore kv, IWorkerLog log, ILogger logger)
    {
        try
        {
            definition.Validate();
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new WorkerLoadException(definition.Name ?? "?", e.Message, e);
        }

        WasmModule module;
        try
        {
            module = engine.Compile(definition.Module);
        }
        catch (WasmMalformedException e)
        {
            throw new WorkerLoadException(definition.Name, $"malformed module: {e.Message} (at byte offset 0x{e.Offset:x})", e);
        }
        catch (WasmInvalidException e)
        {
            var where = e.FunctionIndex >= 0 ? $" (in function {e.FunctionIndex})" : "";
            throw new WorkerLoadException(definition.Name, $"invalid module: {e.Message}{where}", e);
        }

        var kind = DetectKind(definition, module);
        var worker = new LoadedWorker(definition, kind, engine, module, hostOptions, kv, log, logger);
        try
        {
            var error = GuestThread.Run(worker.Preinitialize, hostOptions.GuestStackBytes, $"wharf-init-{definition.Name}").GetAwaiter().GetResult();
            if (error is not null)
            {
                throw new WorkerLoadException(definition.Name, error);
            }
        }
        catch
        {
            worker.Dispose();
            throw;
        }

        return worker;
    }

    private static WorkerKind DetectKind(WorkerDefinition definition, WasmModule module)
    {
        bool Exports(string name, ExternKind kind) => module.Exports.Any(e => e.Name == name && e.Kind == kind);
        var sdk = Exports(AbiNames.VersionExport, ExternKind.Function);
        var kind = definition.Kind switch
        {
            WorkerKind.Auto when sdk => WorkerKind.Sdk,
            WorkerKind.Auto when Exports(AbiNames.CommandExport, ExternKind.Function) => WorkerKind.Wagi,
            WorkerKind.Auto => throw new WorkerLoadException(definition.Name,
                $"module exports neither {AbiNames.VersionExport} (SDK worker) nor {AbiNames.CommandExport} (WAGI worker)"),
            _ => definition.Kind,
        };
        if (kind == WorkerKind.Sdk)
        {
            if (!sdk)
            {
                throw new WorkerLoadException(definition.Name, $"SDK worker does not export {AbiNames.VersionExport}");
            }

            if (!Exports(AbiNames.HandleExport, ExternKind.Function))
            {
                throw new WorkerLoadException(definition.Name, $"SDK worker does not export {AbiNames.HandleExport}");
            }
        }
        else if (!Exports(AbiNames.CommandExport, ExternKind.Function))
        {
            throw new WorkerLoadException(definition.Name, $"WAGI worker does not export {AbiNames.CommandExport}");
        }

        if (!Exports("memory", ExternKind.Memory))
        {
            throw new WorkerLoadException(definition.Name, "module does not export its memory as \"memory\"");
        }

        var foreign = module.Imports.FirstOrDefault(i => i.Module is not (AbiNames.ImportModule or Wasm.Wasi.WasiLinkerExtensions.Module));
        if (foreign is not null)
        {
            throw new WorkerLoadException(definition.Name, $"imports \"{foreign.Module}\" \"{foreign.Name}\", which workers cannot use (only \"wharf\" and WASI preview1)");
        }

        return kind;
    }

    /// <summary>Runs once at load: links the module and, for SDK workers, checks the ABI version and runs the
    /// initializers with logging on. Returns an error message or null.</summary>
    private string? Preinitialize()
    {
        using var timeout = new CancellationTokenSource(Definition.Limits.Timeout);
        var options = InstanceOptionsFor(timeout.Token);
        try
        {
            if (Kind == WorkerKind.Wagi)
            {
                NewWagiLinker(IncomingRequest.Empty(), out _).Instantiate(_module, options).Dispose();
                return null;
            }

            var slot = RentSlot();
            var state = new InstanceState(AbiPhase.Init, null, 0, timeout.Token);
            slot.Imports.Current = state;
            try
            {
                using var probe = slot.Linker.Instantiate(_module, options);
                var version = probe.GetFunction(AbiNames.VersionExport)!;
                if (version.Signature.Parameters.Count != 0 || version.Signature.Results is not [Wasm.ValueType.I32])
                {
                    return $"{AbiNames.VersionExport} must have type () -> i32";
                }

                var abi = version.Invoke()[0].I32;
                if (abi != AbiNames.Version)
                {
                    return $"ABI version {abi} is not supported (this host serves version {AbiNames.Version})";
                }

                var handle = probe.GetFunction(AbiNames.HandleExport)!;
                if (handle.Signature.Parameters.Count != 0 || handle.Signature.Results is not [Wasm.ValueType.I32])
                {
                    return $"{AbiNames.HandleExport} must have type () -> i32";
                }

                using var ready = _factory.Create(slot, options, state);
                if (_hostOptions.UseSnapshots)
                {
                    _factory = SnapshotInstanceFactory.Capture(_module, ready);
                }
            }
            finally
            {
                slot.Imports.Current = null;
            }

            _slots.Add(slot);
            return null;
        }
        catch (WasmLinkException e)
        {
            return $"cannot link: {e.Message}";
        }
        catch (WorkerInitException e)
        {
            return e.Message;
        }
        catch (WasmTrapException e)
        {
            return timeout.IsCancellationRequested || e.Message.StartsWith("interrupted", StringComparison.Ordinal)
                ? $"initialization exceeded the timeout of {Definition.Limits.Timeout.TotalMilliseconds} ms"
                : $"initialization trapped: {e.Message}";
        }
        catch (WasmExitException e)
        {
            return $"initialization called proc_exit({e.ExitCode})";
        }
        catch (NotSupportedException e)
        {
            return e.Message;
        }
    }

    private InstanceOptions InstanceOptionsFor(CancellationToken token) => new()
    {
        MaxMemoryPages = MemoryCapPages,
        MaxCallDepth = _hostOptions.MaxCallDepth,
        CancellationToken = token,
        // The engine's epoch-based timeout (a dedicated 1 ms ticker) bounds each invocation even when the
        // thread-pool timer behind the token is late; the token bounds the request as a whole.
        Timeout = Definition.Limits.Timeout,
    };

    private WorkerSlot RentSlot() =>
        _slots.TryTake(out var slot) ? slot : new WorkerSlot(_engine, _services, Definition.Bindings.Vars);

    private static byte[] BindingsJson(WorkerBindings bindings)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("vars");
            foreach (var (name, value) in bindings.Vars.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteStartObject("secrets");
            foreach (var (name, value) in bindings.Secrets.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteStartArray("kv");
            foreach (var name in bindings.Kv.Keys.Order(StringComparer.Ordinal))
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string NewErrorId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private WorkerResponse Failure(string reason, Exception? detail)
    {
        var id = NewErrorId();
        HostLog.WorkerFailed(_logger, Name, id, reason);
        var text = new StringBuilder($"error id: {id}");
        if (_hostOptions.DevMode)
        {
            text.Append('\n').Append(reason);
            if (detail is not null)
            {
                text.Append('\n').Append(detail);
            }
        }

        return WorkerResponse.Text(500, text.ToString(), id);
    }

    private static long Elapsed(long start) => (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
