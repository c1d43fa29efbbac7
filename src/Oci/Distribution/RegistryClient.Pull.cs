using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Wharf.Oci;

/// <summary>A manifest as the registry served it: exact bytes, their media type and digest.</summary>
/// <param name="Content">The exact bytes (what the digest is computed over).</param>
/// <param name="MediaType">The Content-Type the registry sent.</param>
/// <param name="Digest">sha256 of <paramref name="Content"/>.</param>
public sealed record ManifestResponse(byte[] Content, string MediaType, string Digest);

public sealed partial class RegistryClient
{
    /// <summary>
    /// The manifest digest <paramref name="image"/> names: its pinned digest without network access, else the tag
    /// resolved with <c>HEAD /v2/&lt;name&gt;/manifests/&lt;tag&gt;</c> (hashing the manifest when the registry sends no
    /// <c>Docker-Content-Digest</c>).
    /// </summary>
    public async Task<string> ResolveDigestAsync(ImageReference image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Digest is { } pinned)
        {
            return pinned;
        }

        var what = $"manifest {image.Repository}:{image.ManifestReference}";
        using (var head = await SendAsync(image, PullScope(image), () => ManifestRequest(HttpMethod.Head, image, image.ManifestReference), idempotent: true, cancellationToken).ConfigureAwait(false))
        {
            if (!head.IsSuccessStatusCode)
            {
                throw Failure(head, image, what);
            }

            if (head.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } digest)
            {
                return OciDigest.IsValid(digest)
                    ? digest
                    : throw new RegistryException(RegistryErrorKind.BadResponse, $"registry {image.ApiHost} sent digest '{digest}' for {what}, which is not sha256");
            }
        }

        // Docker-Content-Digest is optional in the spec: hash the manifest's exact bytes instead.
        return (await GetManifestAsync(image, cancellationToken).ConfigureAwait(false)).Digest;
    }

    /// <summary>
    /// Fetches the manifest <paramref name="image"/> names (by digest when pinned, else by tag). A pinned digest is
    /// verified against the bytes received; a mismatch is <see cref="RegistryErrorKind.DigestMismatch"/>.
    /// </summary>
    public async Task<ManifestResponse> GetManifestAsync(ImageReference image, CancellationToken cancellationToken) =>
        await TryGetManifestAsync(image, cancellationToken).ConfigureAwait(false)
        ?? throw new RegistryException(RegistryErrorKind.NotFound, $"manifest {image.Repository}:{image.ManifestReference} not found on {image.ApiHost}");

    /// <summary>Like <see cref="GetManifestAsync"/>, but null when the registry has no such manifest.</summary>
    public async Task<ManifestResponse?> TryGetManifestAsync(ImageReference image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var reference = image.ManifestReference;
        var what = $"manifest {image.Repository}:{reference}";
        for (var attempt = 1; ; attempt++)
        {
            using var response = await SendAsync(image, PullScope(image), () => ManifestRequest(HttpMethod.Get, image, reference), idempotent: true, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response, image, what);
            }

            byte[] content;
            try
            {
                content = await ReadLimitedAsync(response, _options.MaxManifestBytes, what, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken) && attempt < _options.MaxAttempts)
            {
                await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var digest = OciDigest.Compute(content);
            if (image.Digest is { } expected && digest != expected)
            {
                throw new RegistryException(RegistryErrorKind.DigestMismatch,
                    $"{what} from {image.ApiHost} hashes to {digest}, not the requested digest: refused");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypes.ImageManifest;
            return new ManifestResponse(content, mediaType, digest);
        }
    }

    /// <summary>Fetches a small blob (config, signature payload) whole, verifying size and digest.</summary>
    public async Task<byte[]> GetBlobAsync(ImageReference repository, OciDescriptor blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        using var buffer = new MemoryStream();
        await DownloadAsync(repository, blob, () =>
        {
            buffer.SetLength(0);
            return Task.FromResult<Stream>(buffer);
        }, leaveOpen: true, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>
    /// Streams a blob into <paramref name="path"/> (created or truncated), verifying its size and digest while it
    /// arrives. On any failure the file is deleted; nothing unverified is left behind.
    /// </summary>
    public async Task DownloadBlobAsync(ImageReference repository, OciDescriptor blob, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            await DownloadAsync(repository, blob,
                () => Task.FromResult<Stream>(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true)),
                leaveOpen: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private async Task DownloadAsync(ImageReference repository, OciDescriptor blob, Func<Task<Stream>> openDestination, bool leaveOpen, CancellationToken cancellationToken)
    {
        var what = $"blob {blob.Digest} of {repository.Repository}";
        if (blob.Size > _options.MaxBlobBytes)
        {
            throw new RegistryException(RegistryErrorKind.TooLarge, $"{what} is {blob.Size} bytes, more than the limit of {_options.MaxBlobBytes}");
        }

        for (var attempt = 1; ; attempt++)
        {
            using var response = await SendAsync(repository, PullScope(repository),
                () => new HttpRequestMessage(HttpMethod.Get, Url(repository, "blobs/" + blob.Digest)), idempotent: true, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response, repository, what);
            }

            var destination = await openDestination().ConfigureAwait(false);
            try
            {
                // A generous body deadline: the request timeout plus one second per MiB.
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(_options.Timeout + TimeSpan.FromSeconds(blob.Size >> 20));
                await using var source = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                await CopyVerifiedAsync(source, destination, blob, what, deadline.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken) && attempt < _options.MaxAttempts)
            {
                await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                throw new RegistryException(RegistryErrorKind.Unreachable, $"registry {repository.ApiHost} broke off {what}: {ex.Message}", ex);
            }
            finally
            {
                if (!leaveOpen)
                {
                    await destination.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Copies exactly <c>blob.Size</c> bytes, hashing as they pass; anything else is refused.</summary>
    internal static async Task CopyVerifiedAsync(Stream source, Stream destination, OciDescriptor blob, string what, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > blob.Size)
            {
                throw new RegistryException(RegistryErrorKind.TooLarge, $"{what} is longer than its descriptor's {blob.Size} bytes: refused");
            }

            hash.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        if (total != blob.Size)
        {
            throw new RegistryException(RegistryErrorKind.BadResponse, $"{what} ended after {total} of {blob.Size} bytes");
        }

        var digest = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        if (digest != blob.Digest)
        {
            throw new RegistryException(RegistryErrorKind.DigestMismatch, $"{what} hashes to {digest}: content does not match its digest (tampered or corrupted), refused");
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage ManifestRequest(HttpMethod method, ImageReference image, string reference)
    {
        var request = new HttpRequestMessage(method, Url(image, "manifests/" + Uri.EscapeDataString(reference)));
        foreach (var type in MediaTypes.AcceptedManifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }
}
