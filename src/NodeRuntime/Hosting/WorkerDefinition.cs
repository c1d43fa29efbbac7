using Wharf.NodeRuntime.Egress;

namespace Wharf.NodeRuntime.Hosting;

/// <summary>How a module is run.</summary>
public enum WorkerKind
{
    /// <summary>Decided by the exports: <c>wharf_abi_version</c> means SDK, else <c>_start</c> means WAGI.</summary>
    Auto,

    /// <summary>An SDK worker (imports <c>wharf</c>, exports <c>wharf_handle</c>); JavaScript workers are SDK workers.</summary>
    Sdk,

    /// <summary>A WASI command run as a CGI program.</summary>
    Wagi,
}

/// <summary>A route: a host (exact, <c>*.example.com</c> or <c>*</c>) and a path prefix starting with <c>/</c>.</summary>
/// <param name="Host">Host pattern.</param>
/// <param name="PathPrefix">Path prefix.</param>
public sealed record WorkerRoute(string Host, string PathPrefix = "/");

/// <summary>What a worker may reach: plain variables, secrets and KV bindings (binding name → store namespace id).</summary>
public sealed record WorkerBindings
{
    /// <summary>Plain variables (also the WASI environment).</summary>
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();

    /// <summary>Secret values; given to the worker, never logged.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>KV bindings: name seen by the code → namespace id in the store.</summary>
    public IReadOnlyDictionary<string, string> Kv { get; init; } = new Dictionary<string, string>();
}

/// <summary>Per-request limits of a worker.</summary>
public sealed record WorkerLimits
{
    /// <summary>Wall-clock budget of one request (instance start, init and handler); beyond it: 504.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Linear memory cap of one instance, in bytes (rounded down to 64 KiB pages).</summary>
    public long MemoryBytes { get; init; } = 128L << 20;

    /// <summary>Largest request body; beyond it: 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 10L << 20;

    /// <summary>Largest response body; beyond it: 502.</summary>
    public int MaxResponseBodyBytes { get; init; } = 10 << 20;

    /// <summary>Requests executing at once; further requests wait (up to <see cref="QueueTimeout"/>).</summary>
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>Requests allowed to wait for a free slot; beyond it: 503 at once.</summary>
    public int MaxQueue { get; init; } = 64;

    /// <summary>How long a request may wait for a free slot before 503.</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Outbound requests per incoming request.</summary>
    public int MaxOutboundRequests { get; init; } = 50;

    /// <summary>Budget of one outbound request.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest outbound response body.</summary>
    public int MaxFetchResponseBytes { get; init; } = 10 << 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid limit.</summary>
    public void Validate()
    {
        Positive(Timeout, nameof(Timeout));
        Positive(QueueTimeout, nameof(QueueTimeout));
        Positive(FetchTimeout, nameof(FetchTimeout));
        if (MemoryBytes < Wasm.WasmMemory.PageSize || MemoryBytes > 4L << 30)
        {
            throw new ArgumentException($"{nameof(MemoryBytes)} must be 64 KiB..4 GiB, got {MemoryBytes}");
        }

        if (MaxRequestBodyBytes < 0 || MaxRequestBodyBytes > int.MaxValue)
        {
            throw new ArgumentException($"{nameof(MaxRequestBodyBytes)} must be 0..{int.MaxValue}, got {MaxRequestBodyBytes}");
        }

        if (MaxResponseBodyBytes < 0 || MaxFetchResponseBytes < 0 || MaxQueue < 0 || MaxOutboundRequests < 0)
        {
            throw new ArgumentException("size and count limits must not be negative");
        }

        if (MaxConcurrency < 1)
        {
            throw new ArgumentException($"{nameof(MaxConcurrency)} must be at least 1, got {MaxConcurrency}");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive, got {value}");
        }
    }
}

/// <summary>Everything needed to serve one worker version.</summary>
public sealed record WorkerDefinition
{
    /// <summary>Worker name (used in logs and errors).</summary>
    public required string Name { get; init; }

    /// <summary>The WebAssembly module bytes.</summary>
    public required ReadOnlyMemory<byte> Module { get; init; }

    /// <summary>SDK, WAGI or detected from the exports.</summary>
    public WorkerKind Kind { get; init; } = WorkerKind.Auto;

    /// <summary>The code bundle returned by <c>init_data</c> (JavaScript workers: the JSON bundle); null or empty = none.</summary>
    public ReadOnlyMemory<byte>? InitData { get; init; }

    /// <summary>Where the worker is reachable; at least one.</summary>
    public IReadOnlyList<WorkerRoute> Routes { get; init; } = [];

    /// <summary>Variables, secrets and KV bindings.</summary>
    public WorkerBindings Bindings { get; init; } = new();

    /// <summary>Egress allow-list; empty denies all outbound HTTP.</summary>
    public IReadOnlyList<EgressRule> Egress { get; init; } = [];

    /// <summary>Per-request limits.</summary>
    public WorkerLimits Limits { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> (or <see cref="FormatException"/>) for an invalid definition.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("worker name is required");
        }

        if (Module.IsEmpty)
        {
            throw new ArgumentException($"worker '{Name}': module is empty");
        }

        if (Routes.Count == 0)
        {
            throw new ArgumentException($"worker '{Name}': at least one route is required");
        }

        foreach (var route in Routes)
        {
            RouteTable.ValidateRoute(Name, route);
        }

        foreach (var rule in Egress)
        {
            rule.Validate();
        }

        foreach (var key in Bindings.Vars.Keys.Concat(Bindings.Secrets.Keys).Concat(Bindings.Kv.Keys))
        {
            if (string.IsNullOrEmpty(key) || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"worker '{Name}': invalid binding name '{key}'");
            }
        }

        Limits.Validate();
    }
}

/// <summary>Host-wide settings.</summary>
public sealed record WorkerHostOptions
{
    /// <summary>Development mode: 500 responses include the trap message and stack.</summary>
    public bool DevMode { get; init; }

    /// <summary>Maximum wasm call depth (deep recursion traps "call stack exhausted"); wharf-js needs about 25,000.</summary>
    public int MaxCallDepth { get; init; } = 30_000;

    /// <summary>Restore request instances from the engine snapshot (memory, globals, tables) taken after
    /// pre-initialization (else every request re-runs <c>_initialize</c> and <c>wharf_init</c>).</summary>
    public bool UseSnapshots { get; init; } = true;

    /// <summary>Stack size of the threads guest code runs on; sized so <see cref="MaxCallDepth"/> frames fit.</summary>
    public int GuestStackBytes { get; init; } = 256 << 20;

    /// <summary>Cluster CIDRs (pods, services, nodes) that count as internal for egress, like the private ranges and
    /// this host's own addresses: reachable only when a worker's allow-list names the host exactly.</summary>
    public IReadOnlyList<string> InternalCidrs { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> for an invalid option.</summary>
    public void Validate()
    {
        var cidrErrors = new List<string>();
        foreach (var cidr in InternalCidrs)
        {
            try
            {
                Egress.InternalNetworks.Parse(cidr);
            }
            catch (FormatException e)
            {
                cidrErrors.Add(e.Message);
            }
        }

        if (cidrErrors.Count > 0)
        {
            throw new ArgumentException($"{nameof(InternalCidrs)}: {string.Join("; ", cidrErrors)}");
        }

        if (MaxCallDepth < 1)
        {
            throw new ArgumentException($"{nameof(MaxCallDepth)} must be at least 1");
        }

        if (GuestStackBytes < 1 << 20)
        {
            throw new ArgumentException($"{nameof(GuestStackBytes)} must be at least 1 MiB");
        }
    }
}
