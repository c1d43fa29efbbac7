using System.Text;
using System.Text.Json;

namespace Wharf.Oci;

/// <summary>
/// An OCI image layout directory (<see href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md"/>):
/// <c>oci-layout</c>, <c>index.json</c> and <c>blobs/sha256/&lt;hex&gt;</c>. Blobs are written atomically
/// (temporary file, then rename) and are never rewritten once present.
/// </summary>
public sealed class OciImageLayout
{
    private const string LayoutFile = "oci-layout";
    private const string IndexFile = "index.json";

    private OciImageLayout(string root) => Root = root;

    /// <summary>The layout directory.</summary>
    public string Root { get; }

    /// <summary>Opens an existing layout; <see cref="FormatException"/> when the directory is not one.</summary>
    public static OciImageLayout Open(string root)
    {
        var layout = Path.Join(root, LayoutFile);
        if (!File.Exists(layout))
        {
            throw new FormatException($"{root} is not an OCI image layout (no {LayoutFile})");
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(layout));
        if (!doc.RootElement.TryGetProperty("imageLayoutVersion", out var v) || v.GetString() != "1.0.0")
        {
            throw new FormatException($"{layout}: unsupported imageLayoutVersion");
        }

        return new OciImageLayout(root);
    }

    /// <summary>Creates (or resets the index of) a layout at <paramref name="root"/>, keeping blobs already there.</summary>
    public static OciImageLayout Create(string root)
    {
        Directory.CreateDirectory(Path.Join(root, "blobs", "sha256"));
        File.WriteAllText(Path.Join(root, LayoutFile), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var layout = new OciImageLayout(root);
        layout.WriteIndex([]);
        return layout;
    }

    /// <summary>Path of a blob in this layout.</summary>
    public string BlobPath(string digest) => Path.Join(Root, "blobs", "sha256", OciDigest.Hex(digest));

    /// <summary>Writes a blob (if absent) and returns its descriptor.</summary>
    public OciDescriptor WriteBlob(string mediaType, ReadOnlySpan<byte> content, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var descriptor = OciDescriptor.Of(mediaType, content, annotations);
        var path = BlobPath(descriptor.Digest);
        if (!File.Exists(path))
        {
            var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            File.WriteAllBytes(temp, content.ToArray());
            File.Move(temp, path, overwrite: true);
        }

        return descriptor;
    }

    /// <summary>Reads a blob, verifying that it hashes to its digest.</summary>
    public byte[] ReadBlob(OciDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var path = BlobPath(descriptor.Digest);
        if (!File.Exists(path))
        {
            throw new FormatException($"{Root}: blob {descriptor.Digest} is missing");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != descriptor.Size || OciDigest.Compute(bytes) != descriptor.Digest)
        {
            throw new FormatException($"{Root}: blob {descriptor.Digest} does not match its digest or size (modified after the build?)");
        }

        return bytes;
    }

    /// <summary>The manifests listed in <c>index.json</c>.</summary>
    public IReadOnlyList<OciDescriptor> ReadIndex()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Join(Root, IndexFile)));
        if (!doc.RootElement.TryGetProperty("manifests", out var m) || m.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{Root}/{IndexFile} has no manifests array");
        }

        return [.. m.EnumerateArray().Select((e, i) => OciDescriptor.Read(e, $"{IndexFile} manifests[{i}]"))];
    }

    /// <summary>Replaces <c>index.json</c> with <paramref name="manifests"/>.</summary>
    public void WriteIndex(IReadOnlyList<OciDescriptor> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", MediaTypes.ImageIndex);
            writer.WriteStartArray("manifests");
            foreach (var manifest in manifests)
            {
                manifest.Write(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var path = Path.Join(Root, IndexFile);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The single manifest of the index and its parsed form (what <c>wharf build</c> writes).</summary>
    public (OciDescriptor Descriptor, OciManifest Manifest, byte[] Bytes) ReadSingleManifest()
    {
        var index = ReadIndex();
        if (index.Count != 1)
        {
            throw new FormatException($"{Root}/{IndexFile} lists {index.Count} manifests; expected exactly one");
        }

        var bytes = ReadBlob(index[0]);
        return (index[0], OciManifest.Parse(bytes), bytes);
    }
}
