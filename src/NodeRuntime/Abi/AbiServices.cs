using Wharf.NodeRuntime.Egress;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Kv;

namespace Wharf.NodeRuntime.Abi;

/// <summary>A KV binding resolved to its store namespace.</summary>
internal sealed record KvBindingTarget(string NamespaceId, TimeSpan? DefaultTtl);

/// <summary>What the ABI imports of one worker reach: its bundle, bindings, KV store, egress and log.</summary>
internal sealed record AbiServices(
    string WorkerName,
    byte[]? InitData,
    byte[] BindingsJson,
    IReadOnlyDictionary<string, KvBindingTarget> KvBindings,
    IKvStore KvStore,
    IOutboundFetcher? Fetcher,
    IWorkerLog Log,
    int MaxOutboundRequests);
