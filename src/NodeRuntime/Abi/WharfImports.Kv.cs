using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Wharf.NodeRuntime.Kv;
using Wharf.Wasm;

namespace Wharf.NodeRuntime.Abi;

/// <summary>KV imports (Cloudflare KV semantics), request phase only; handles are per request.</summary>
internal sealed partial class WharfImports
{
    /// <summary>Cloudflare KV's minimum expiration TTL.</summary>
    private const long MinTtlSeconds = 60;

    private void DefineKv(Linker linker)
    {
        linker.DefineFunction(M, "kv_open", (Func<Caller, int, int, int>)KvOpen);
        linker.DefineFunction(M, "kv_get", (Func<Caller, int, int, int, int>)((c, h, kp, kl) => KvGet(c, h, kp, kl, withMetadata: false)));
        linker.DefineFunction(M, "kv_get_with_metadata", (Func<Caller, int, int, int, int>)((c, h, kp, kl) => KvGet(c, h, kp, kl, withMetadata: true)));
        linker.DefineFunction(M, "kv_put", (Func<Caller, int, int, int, int, int, long, int, int, int>)KvPut);
        linker.DefineFunction(M, "kv_delete", (Func<Caller, int, int, int, int>)KvDelete);
        linker.DefineFunction(M, "kv_list", (Func<Caller, int, int, int, int, int, int, int>)KvList);
    }

    private int KvOpen(Caller caller, int namePtr, int nameLen)
    {
        if (Check(true, out var state) is < 0 and var error)
        {
            return error;
        }

        if (!GuestMemory.TryGetString(caller, namePtr, nameLen, out var name))
        {
            return AbiErrors.Invalid;
        }

        if (!Services.KvBindings.ContainsKey(name))
        {
            return AbiErrors.Denied;
        }

        state.KvHandles.Add(name);
        return state.KvHandles.Count;
    }

    private int KvGet(Caller caller, int handle, int keyPtr, int keyLen, bool withMetadata)
    {
        if (Prepare(caller, handle, keyPtr, keyLen, out var state, out var target, out var key) is < 0 and var error)
        {
            return error;
        }

        return Guard(() =>
        {
            var entry = Services.KvStore.GetAsync(target.NamespaceId, key, state.CancellationToken).AsTask().GetAwaiter().GetResult();
            if (entry is null)
            {
                return AbiErrors.NotFound;
            }

            if (!withMetadata)
            {
                return state.SetResult(entry.Value.ToArray());
            }

            var metadata = entry.Metadata is null ? [] : Encoding.UTF8.GetBytes(entry.Metadata);
            var result = new byte[4 + entry.Value.Length + metadata.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(result, (uint)entry.Value.Length);
            entry.Value.Span.CopyTo(result.AsSpan(4));
            metadata.CopyTo(result.AsSpan(4 + entry.Value.Length));
            return state.SetResult(result);
        });
    }

    private int KvPut(Caller caller, int handle, int keyPtr, int keyLen, int valuePtr, int valueLen, long ttlSeconds, int metaPtr, int metaLen)
    {
        if (Prepare(caller, handle, keyPtr, keyLen, out var state, out var target, out var key) is < 0 and var error)
        {
            return error;
        }

        if (!GuestMemory.TryGet(caller, valuePtr, valueLen, out var valueSpan)
            || !GuestMemory.TryGetString(caller, metaPtr, metaLen, out var metadata)
            || ttlSeconds < 0 || (ttlSeconds > 0 && ttlSeconds < MinTtlSeconds) || ttlSeconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return AbiErrors.Invalid;
        }

        if (metaLen > KvKeys.MaxMetadataBytes)
        {
            return AbiErrors.Limit;
        }

        if (metadata.Length > 0 && !IsJson(metadata))
        {
            return AbiErrors.Invalid;
        }

        var value = valueSpan.ToArray();
        var options = new KvPutOptions
        {
            TimeToLive = ttlSeconds > 0 ? TimeSpan.FromSeconds(ttlSeconds) : target.DefaultTtl,
            Metadata = metadata.Length > 0 ? metadata : null,
        };
        return Guard(() =>
        {
            Services.KvStore.PutAsync(target.NamespaceId, key, value, options, state.CancellationToken).AsTask().GetAwaiter().GetResult();
            return 0;
        });
    }

    private int KvDelete(Caller caller, int handle, int keyPtr, int keyLen)
    {
        if (Prepare(caller, handle, keyPtr, keyLen, out var state, out var target, out var key) is < 0 and var error)
        {
            return error;
        }

        return Guard(() =>
        {
            Services.KvStore.DeleteAsync(target.NamespaceId, key, state.CancellationToken).AsTask().GetAwaiter().GetResult();
            return 0;
        });
    }

    private int KvList(Caller caller, int handle, int prefixPtr, int prefixLen, int cursorPtr, int cursorLen, int limit)
    {
        if (Check(true, out var state) is < 0 and var error)
        {
            return error;
        }

        if (!TryHandle(state, handle, out var target))
        {
            return AbiErrors.NotFound;
        }

        if (!GuestMemory.TryGetString(caller, prefixPtr, prefixLen, out var prefix)
            || !GuestMemory.TryGetString(caller, cursorPtr, cursorLen, out var cursor)
            || limit is < 0 or > KvListOptions.MaxLimit)
        {
            return AbiErrors.Invalid;
        }

        var options = new KvListOptions { Prefix = prefix, Cursor = cursor.Length > 0 ? cursor : null, Limit = limit == 0 ? KvListOptions.MaxLimit : limit };
        return Guard(() =>
        {
            var page = Services.KvStore.ListAsync(target.NamespaceId, options, state.CancellationToken).AsTask().GetAwaiter().GetResult();
            return state.SetResult(ListJson(page));
        });
    }

    internal static byte[] ListJson(KvListResult page)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            foreach (var key in page.Keys)
            {
                json.WriteStartObject();
                json.WriteString("name", key.Name);
                if (key.Expiration is { } expiration)
                {
                    json.WriteNumber("expiration", expiration.ToUnixTimeSeconds());
                }

                if (key.Metadata is { } metadata)
                {
                    json.WritePropertyName("metadata");
                    json.WriteRawValue(metadata);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("list_complete", page.ListComplete);
            if (page.Cursor is { } cursor)
            {
                json.WriteString("cursor", cursor);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private int Prepare(Caller caller, int handle, int keyPtr, int keyLen, out InstanceState state, out KvBindingTarget target, out string key)
    {
        target = null!;
        key = "";
        if (Check(true, out state) is < 0 and var error)
        {
            return error;
        }

        if (!TryHandle(state, handle, out target))
        {
            return AbiErrors.NotFound;
        }

        if (!GuestMemory.TryGetString(caller, keyPtr, keyLen, out key) || keyLen == 0)
        {
            return AbiErrors.Invalid;
        }

        return keyLen > KvKeys.MaxKeyBytes ? AbiErrors.Limit : 0;
    }

    private bool TryHandle(InstanceState state, int handle, out KvBindingTarget target)
    {
        target = null!;
        return handle >= 1 && handle <= state.KvHandles.Count
            && Services.KvBindings.TryGetValue(state.KvHandles[handle - 1], out target!);
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Maps store failures to ABI codes.</summary>
    private static int Guard(Func<int> operation)
    {
        try
        {
            return operation();
        }
        catch (KvLimitExceededException)
        {
            return AbiErrors.Limit;
        }
        catch (KvNamespaceNotFoundException)
        {
            return AbiErrors.NotFound;
        }
        catch (KvUnavailableException)
        {
            return AbiErrors.Unavailable;
        }
        catch (OperationCanceledException)
        {
            return AbiErrors.Timeout;
        }
        catch (ArgumentException)
        {
            return AbiErrors.Invalid;
        }
    }
}
