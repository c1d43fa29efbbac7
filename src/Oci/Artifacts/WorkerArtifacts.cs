using System.Text;
using System.Text.Json;

namespace Wharf.Oci;

/// <summary>What runs a worker artifact.</summary>
public enum WorkerArtifactKind
{
    /// <summary>A wasm module (CNCF wasm OCI artifact layout).</summary>
    Wasm,

    /// <summary>A bundled ES module run by the node's JavaScript runtime.</summary>
    JavaScript,
}

/// <summary>
/// Builds worker artifacts into an <see cref="OciImageLayout"/> (see docs/artifacts.md). Everything written is a
/// function of the input bytes only — fixed timestamps, fixed field order — so the same input gives the same digest.
/// </summary>
public static class WorkerArtifacts
{
    /// <summary>The fixed creation time written into configs (reproducible builds carry no wall-clock time).</summary>
    public const string FixedCreated = "1970-01-01T00:00:00Z";

    /// <summary>Writes a wasm worker (config <c>application/vnd.wasm.config.v0+json</c>, one <c>application/wasm</c> layer).</summary>
    public static OciDescriptor WriteWasm(OciImageLayout layout, ReadOnlySpan<byte> module, string fileName, string? refName = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var layer = layout.WriteBlob(MediaTypes.WasmLayer, module, Title(fileName));
        var config = Json(w =>
        {
            w.WriteString("created", FixedCreated);
            w.WriteString("architecture", "wasm");
            w.WriteString("os", "wasip1");
            w.WriteStartArray("layerDigests");
            w.WriteStringValue(layer.Digest);
            w.WriteEndArray();
        });
        return WriteManifest(layout, layout.WriteBlob(MediaTypes.WasmConfig, config), [layer], refName);
    }

    /// <summary>Writes a JavaScript worker: its bundled entry module and, when given, the source map.</summary>
    public static OciDescriptor WriteJavaScript(OciImageLayout layout, ReadOnlySpan<byte> module, ReadOnlySpan<byte> sourceMap, string fileName, string? refName = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var layers = new List<OciDescriptor> { layout.WriteBlob(MediaTypes.JsModuleLayer, module, Title(fileName)) };
        if (!sourceMap.IsEmpty)
        {
            layers.Add(layout.WriteBlob(MediaTypes.JsSourceMapLayer, sourceMap, Title(fileName + ".map")));
        }

        var config = Json(w =>
        {
            w.WriteString("created", FixedCreated);
            w.WriteString("main", fileName);
            w.WriteStartArray("layerDigests");
            foreach (var layer in layers)
            {
                w.WriteStringValue(layer.Digest);
            }

            w.WriteEndArray();
        });
        return WriteManifest(layout, layout.WriteBlob(MediaTypes.JsWorkerConfig, config), layers, refName);
    }

    /// <summary>The kind of a worker manifest, or a <see cref="FormatException"/> naming what is not a worker artifact.</summary>
    public static WorkerArtifactKind KindOf(OciManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Config.MediaType switch
        {
            MediaTypes.WasmConfig when manifest.Layers.Count(l => l.MediaType == MediaTypes.WasmLayer) == 1 => WorkerArtifactKind.Wasm,
            MediaTypes.JsWorkerConfig when manifest.Layers.Count(l => l.MediaType == MediaTypes.JsModuleLayer) == 1 => WorkerArtifactKind.JavaScript,
            MediaTypes.WasmConfig or MediaTypes.JsWorkerConfig => throw new FormatException("the worker artifact must have exactly one module layer"),
            _ => throw new FormatException($"not a worker artifact: config media type '{manifest.Config.MediaType}' (expected {MediaTypes.WasmConfig} or {MediaTypes.JsWorkerConfig})"),
        };
    }

    private static OciDescriptor WriteManifest(OciImageLayout layout, OciDescriptor config, IReadOnlyList<OciDescriptor> layers, string? refName)
    {
        var manifest = new OciManifest(config, layers).ToJson();
        var blob = layout.WriteBlob(MediaTypes.ImageManifest, manifest);
        var entry = refName is null ? blob : blob with { Annotations = new Dictionary<string, string> { [Annotations.RefName] = refName } };
        layout.WriteIndex([entry]);
        return blob;
    }

    private static Dictionary<string, string> Title(string fileName) => new() { [Annotations.Title] = fileName };

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes a UTF-8 layer (used for the JS module) strictly: invalid UTF-8 is an error, not replacement characters.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException($"{what} is not valid UTF-8", e);
        }
    }
}
