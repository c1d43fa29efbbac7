using System.Security.Cryptography;
using Wharf.NodeRuntime.Hosting;
using Wharf.Wasm;

namespace Wharf.NodeRuntime.Abi;

/// <summary>
/// The host side of the <c>wharf</c> import module (docs/worker-abi.md). One object serves one linker; the
/// instance running on it at any time is described by <see cref="Current"/>, set by the worker host around
/// every guest invocation (one guest at a time per linker).
/// </summary>
internal sealed partial class WharfImports(AbiServices services)
{
    private const string M = AbiNames.ImportModule;

    /// <summary>Most <c>log</c> lines kept per request; the rest are counted and dropped.</summary>
    internal const int MaxLogLinesPerRequest = 1000;

    /// <summary>Longest kept log line in bytes.</summary>
    internal const int MaxLogLineBytes = 16 * 1024;

    public AbiServices Services { get; } = services;

    /// <summary>The state of the guest running now; null between invocations (calls fail with ERR_STATE).</summary>
    public InstanceState? Current { get; set; }

    /// <summary>Defines every import of ABI v1 on <paramref name="linker"/>.</summary>
    public void Define(Linker linker)
    {
        linker.DefineFunction(M, "init_data", (Func<int>)InitData);
        linker.DefineFunction(M, "bindings", (Func<int>)Bindings);
        linker.DefineFunction(M, "result_read", (Func<Caller, int, int, int>)ResultRead);
        linker.DefineFunction(M, "log", (Action<Caller, int, int, int>)Log);
        linker.DefineFunction(M, "now_ms", (Func<double>)NowMs);
        linker.DefineFunction(M, "random_fill", (Func<Caller, int, int, int>)RandomFill);
        linker.DefineFunction(M, "crypto_digest", (Func<Caller, int, int, int, int>)CryptoDigest);
        DefineRequest(linker);
        DefineKv(linker);
        DefineFetch(linker);
    }

    /// <summary>The current state if the call is allowed in its phase, else the error to return.</summary>
    private int Check(bool requestOnly, out InstanceState state)
    {
        state = Current!;
        if (state is null || state.Phase == AbiPhase.Done)
        {
            return AbiErrors.State;
        }

        return requestOnly && state.Phase != AbiPhase.Request ? AbiErrors.Denied : 0;
    }

    private int InitData()
    {
        if (Check(false, out var state) is < 0 and var error)
        {
            return error;
        }

        return Services.InitData is { } data ? state.SetResult(data) : AbiErrors.NotFound;
    }

    private int Bindings() =>
        Check(false, out var state) is < 0 and var error ? error : state.SetResult(Services.BindingsJson);

    private int ResultRead(Caller caller, int ptr, int len)
    {
        if (Check(false, out var state) is < 0 and var error)
        {
            return error;
        }

        return GuestMemory.TryGet(caller, ptr, len, out var target) ? state.ReadResult(target) : AbiErrors.Invalid;
    }

    private void Log(Caller caller, int level, int ptr, int len)
    {
        // log returns nothing, so a bad range or phase can only be ignored.
        if (Check(false, out var state) < 0 || !state.LogEnabled || !GuestMemory.TryGet(caller, ptr, len, out var bytes))
        {
            return;
        }

        if (++state.LogLines > MaxLogLinesPerRequest)
        {
            if (state.LogLines == MaxLogLinesPerRequest + 1)
            {
                Services.Log.Write(Services.WorkerName, WorkerLogLevel.Warn, $"log output truncated after {MaxLogLinesPerRequest} lines in this request");
            }

            return;
        }

        var text = System.Text.Encoding.UTF8.GetString(bytes.Length > MaxLogLineBytes ? bytes[..MaxLogLineBytes] : bytes);
        var severity = level switch
        {
            0 => WorkerLogLevel.Debug,
            2 => WorkerLogLevel.Warn,
            3 => WorkerLogLevel.Error,
            _ => WorkerLogLevel.Info,
        };
        Services.Log.Write(Services.WorkerName, severity, text);
    }

    private static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private int RandomFill(Caller caller, int ptr, int len)
    {
        if (Check(false, out _) is < 0 and var error)
        {
            return error;
        }

        if (!GuestMemory.TryGet(caller, ptr, len, out var target))
        {
            return AbiErrors.Invalid;
        }

        RandomNumberGenerator.Fill(target);
        return 0;
    }

    private int CryptoDigest(Caller caller, int alg, int ptr, int len)
    {
        if (Check(false, out var state) is < 0 and var error)
        {
            return error;
        }

        if (!GuestMemory.TryGet(caller, ptr, len, out var data))
        {
            return AbiErrors.Invalid;
        }

        byte[]? digest = alg switch
        {
#pragma warning disable CA5350 // SHA-1 is offered because Web Crypto offers it; the worker chooses.
            1 => SHA1.HashData(data),
#pragma warning restore CA5350
            2 => SHA256.HashData(data),
            3 => SHA384.HashData(data),
            4 => SHA512.HashData(data),
            _ => null,
        };
        return digest is null ? AbiErrors.Invalid : state.SetResult(digest);
    }
}
