using System.Net;
using System.Net.Http.Headers;

namespace Wharf.Oci;

/// <summary>How a blob reached the registry.</summary>
public enum BlobPushResult
{
    /// <summary>The repository already had it.</summary>
    Existed,

    /// <summary>Mounted from another repository of the same registry, without upload.</summary>
    Mounted,

    /// <summary>Uploaded.</summary>
    Uploaded,
}

public sealed partial class RegistryClient
{
    /// <summary>True when the repository has the blob (<c>HEAD /v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>).</summary>
    public async Task<bool> BlobExistsAsync(ImageReference repository, string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(repository, PushScope(repository),
            () => new HttpRequestMessage(HttpMethod.Head, Url(repository, "blobs/" + OciDigest.Validate(digest))), idempotent: true, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? false
            : response.IsSuccessStatusCode ? true
            : throw Failure(response, repository, $"blob {digest}");
    }

    /// <summary>
    /// Pushes a blob unless the repository has it: first a cross-repository mount from <paramref name="mountFrom"/>
    /// (a repository of the same registry) when given, else an upload — one PUT when <see cref="RegistryClientOptions.ChunkSize"/>
    /// is 0 or the blob fits one chunk, PATCH chunks and a closing PUT otherwise. <paramref name="open"/> is called for
    /// each upload attempt and must return a readable, seekable stream of exactly the blob's bytes.
    /// </summary>
    public async Task<BlobPushResult> PushBlobAsync(
        ImageReference repository, OciDescriptor blob, Func<Stream> open, string? mountFrom = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(open);
        if (await BlobExistsAsync(repository, blob.Digest, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(blob.Size);
            return BlobPushResult.Existed;
        }

        // An upload session is not idempotent request by request: a transient failure restarts the whole upload.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PushBlobOnceAsync(repository, blob, open, mountFrom, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (RegistryException ex) when (ex.Transient && attempt < _options.MaxAttempts)
            {
                progress?.Report(0);
                await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Puts a manifest under <paramref name="reference"/> (a tag or its digest); returns its digest.</summary>
    public async Task<string> PutManifestAsync(ImageReference repository, string reference, byte[] content, string mediaType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(content);
        var digest = OciDigest.Compute(content);
        using var response = await SendAsync(repository, PushScope(repository), () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, Url(repository, "manifests/" + Uri.EscapeDataString(reference)))
            {
                Content = new ByteArrayContent(content),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return request;
        }, idempotent: true, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var failure = Failure(response, repository, $"manifest {repository.Repository}:{reference}");
            throw new RegistryException(failure.Kind, $"{failure.Message}: {Truncate(detail)}");
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } sent && sent != digest)
        {
            throw new RegistryException(RegistryErrorKind.DigestMismatch, $"registry {repository.ApiHost} stored the manifest as {sent}, but its bytes hash to {digest}");
        }

        return digest;
    }

    private async Task<BlobPushResult> PushBlobOnceAsync(
        ImageReference repository, OciDescriptor blob, Func<Stream> open, string? mountFrom, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var what = $"upload of blob {blob.Digest} to {repository.Repository}";
        var scope = PushScope(repository);
        var start = "blobs/uploads/";
        if (mountFrom is not null && mountFrom != repository.Repository)
        {
            scope += $" repository:{mountFrom}:pull";
            start += $"?mount={Uri.EscapeDataString(blob.Digest)}&from={Uri.EscapeDataString(mountFrom)}";
        }

        Uri location;
        using (var response = await SendAsync(repository, scope, () => new HttpRequestMessage(HttpMethod.Post, Url(repository, start)),
            idempotent: true, cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                progress?.Report(blob.Size);
                return BlobPushResult.Mounted;
            }

            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw Failure(response, repository, what);
            }

            location = Location(response, what);
        }

        var chunk = _options.ChunkSize;
        if (chunk == 0 || blob.Size <= chunk)
        {
            await PutAsync(repository, scope, location, blob, open, 0, blob.Size, progress, what, cancellationToken).ConfigureAwait(false);
            return BlobPushResult.Uploaded;
        }

        for (long offset = 0; offset < blob.Size; offset += chunk)
        {
            var length = Math.Min(chunk, blob.Size - offset);
            var from = offset;
            using var response = await SendAsync(repository, scope, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new BlobContent(open, from, length, progress) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{from}-{from + length - 1}");
                return request;
            }, idempotent: false, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw await DetailedFailureAsync(response, repository, what, cancellationToken).ConfigureAwait(false);
            }

            location = Location(response, what);
        }

        await PutAsync(repository, scope, location, blob, open, blob.Size, 0, progress, what, cancellationToken).ConfigureAwait(false);
        return BlobPushResult.Uploaded;
    }

    /// <summary>Closes an upload with <c>PUT &lt;location&gt;?digest=</c>, carrying <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
    private async Task PutAsync(
        ImageReference repository, string scope, Uri location, OciDescriptor blob, Func<Stream> open, long offset, long length,
        IProgress<long>? progress, string what, CancellationToken cancellationToken)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        var url = new Uri(location + separator + "digest=" + Uri.EscapeDataString(blob.Digest));
        using var response = await SendAsync(repository, scope, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new BlobContent(open, offset, length, progress) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, idempotent: false, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await DetailedFailureAsync(response, repository, what, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<RegistryException> DetailedFailureAsync(HttpResponseMessage response, ImageReference repository, string what, CancellationToken cancellationToken)
    {
        var failure = Failure(response, repository, what);
        var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return detail.Length == 0 ? failure : new RegistryException(failure.Kind, $"{failure.Message}: {Truncate(detail)}");
    }

    private static Uri Location(HttpResponseMessage response, string what)
    {
        var location = response.Headers.Location
            ?? throw new RegistryException(RegistryErrorKind.BadResponse, $"the registry answered the {what} without a Location");
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text.Trim() : text[..300] + "…";

    /// <summary>A slice of a blob as request content, reporting bytes sent so far (of the whole blob).</summary>
    private sealed class BlobContent(Func<Stream> open, long offset, long length, IProgress<long>? progress) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await using var source = open();
            source.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[1 << 16];
            long sent = 0;
            while (sent < length)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - sent)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"the blob source ended after {offset + sent} bytes, {offset + length} expected");
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                sent += read;
                progress?.Report(offset + sent);
            }
        }

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return true;
        }
    }
}
