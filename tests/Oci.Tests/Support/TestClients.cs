using System.Text;

namespace Wharf.Oci.Tests.Support;

internal static class TestClients
{
    public static RegistryClient For(RegistryServer server, long chunkSize = 0, RegistryCredentials? credentials = null) =>
        new(new RegistryClientOptions { ChunkSize = chunkSize, Timeout = TimeSpan.FromSeconds(30), InitialBackoff = TimeSpan.FromMilliseconds(50) },
            _ => credentials ?? server.Credentials);

    public static ImageReference Ref(RegistryServer server, string repositoryAndTag) => ImageReference.Parse($"{server.Host}/{repositoryAndTag}");

    /// <summary>A minimal valid wasm module with a custom section holding <paramref name="marker"/> (distinct digests per test).</summary>
    public static byte[] Wasm(string marker)
    {
        var name = Encoding.UTF8.GetBytes("wharf-test");
        var payload = Encoding.UTF8.GetBytes(marker);
        var section = new List<byte> { (byte)name.Length };
        section.AddRange(name);
        section.AddRange(payload);
        var bytes = new List<byte> { 0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0 };
        bytes.AddRange(Leb(section.Count));
        bytes.AddRange(section);
        return [.. bytes];
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Pushes every blob of a layout's single manifest and the manifest under <paramref name="tag"/>; returns the digest.</summary>
    public static async Task<string> PushLayoutAsync(RegistryClient client, OciImageLayout layout, ImageReference target, string tag)
    {
        var (_, manifest, bytes) = layout.ReadSingleManifest();
        foreach (var blob in manifest.Layers.Append(manifest.Config))
        {
            await client.PushBlobAsync(target, blob, () => File.OpenRead(layout.BlobPath(blob.Digest)));
        }

        return await client.PutManifestAsync(target, tag, bytes, MediaTypes.ImageManifest, CancellationToken.None);
    }

    private static IEnumerable<byte> Leb(int value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            yield return value == 0 ? b : (byte)(b | 0x80);
        }
        while (value != 0);
    }
}

/// <summary>A temp directory deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wharf-oci-test-" + Guid.NewGuid().ToString("N")[..8]);

    public TempDir() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
