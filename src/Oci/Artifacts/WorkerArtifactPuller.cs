using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wharf.Oci;

/// <summary>Which artifacts may run: whether a signature is required, and the keys trusted to make it.</summary>
/// <param name="Required">Unsigned (or not verifiably signed) artifacts are refused.</param>
/// <param name="TrustedKeyPems">PEM public keys (SubjectPublicKeyInfo, P-256).</param>
public sealed record SignaturePolicy(bool Required, IReadOnlyList<string> TrustedKeyPems)
{
    /// <summary>No signature required, no keys.</summary>
    public static SignaturePolicy None { get; } = new(false, []);

    /// <summary>Every problem of this policy, empty when valid (each key must parse).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Required && TrustedKeyPems.Count == 0)
        {
            errors.Add("a signature is required but no trusted public keys are configured");
        }

        for (var i = 0; i < TrustedKeyPems.Count; i++)
        {
            try
            {
                using var key = SigningKeys.ImportPublicKey(TrustedKeyPems[i]);
            }
            catch (FormatException e)
            {
                errors.Add($"trusted key #{i + 1}: {e.Message}");
            }
        }

        return errors;
    }
}

/// <summary>Why an artifact may not run.</summary>
public enum ArtifactRefusal
{
    /// <summary>No signature found while the policy requires one.</summary>
    Unsigned,

    /// <summary>Signatures exist, but none verifies with a trusted key over this digest.</summary>
    InvalidSignature,

    /// <summary>The manifest or a layer does not match its digest.</summary>
    DigestMismatch,

    /// <summary>The manifest is not a worker artifact, or a layer is too large.</summary>
    InvalidArtifact,
}

/// <summary>The artifact was refused; nothing of it runs. The message is the reason for logs and conditions.</summary>
public sealed class ArtifactRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ArtifactRefusedException(ArtifactRefusal refusal, string message, Exception? inner = null)
        : base(message, inner) => Refusal = refusal;

    /// <summary>Creates an <see cref="ArtifactRefusal.InvalidArtifact"/> refusal.</summary>
    public ArtifactRefusedException()
        : this(ArtifactRefusal.InvalidArtifact, "artifact refused")
    {
    }

    /// <summary>Creates an <see cref="ArtifactRefusal.InvalidArtifact"/> refusal.</summary>
    public ArtifactRefusedException(string message)
        : this(ArtifactRefusal.InvalidArtifact, message)
    {
    }

    /// <summary>Creates an <see cref="ArtifactRefusal.InvalidArtifact"/> refusal.</summary>
    public ArtifactRefusedException(string message, Exception inner)
        : this(ArtifactRefusal.InvalidArtifact, message, inner)
    {
    }

    /// <summary>The category of refusal.</summary>
    public ArtifactRefusal Refusal { get; }
}

/// <summary>A worker artifact in the content store, verified.</summary>
/// <param name="Digest">The manifest digest.</param>
/// <param name="Kind">Wasm or JavaScript.</param>
/// <param name="ModulePath">The module layer's path in the content store.</param>
/// <param name="ModuleName">The module's file name (its title annotation, or a default).</param>
/// <param name="SourceMapPath">The source map's path, for JavaScript workers that carry one.</param>
/// <param name="Signature">The signature check's outcome (not verified when no keys were configured).</param>
public sealed record PulledWorker(string Digest, WorkerArtifactKind Kind, string ModulePath, string ModuleName, string? SourceMapPath, SignatureVerification Signature);

/// <summary>
/// Pulls a worker artifact by digest into the node's <see cref="ContentStore"/>: the signature is checked first
/// (so an unsigned artifact under a required policy is not even downloaded), then the manifest and its layers are
/// fetched with their digests verified while streaming. Blobs already in the store are not fetched again.
/// </summary>
public sealed partial class WorkerArtifactPuller(RegistryClient client, ContentStore store, ILogger<WorkerArtifactPuller>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Pulls and verifies <paramref name="image"/> (which must be digest-pinned) under <paramref name="policy"/>.</summary>
    public async Task<PulledWorker> PullAsync(ImageReference image, SignaturePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(policy);
        var digest = image.Digest ?? throw new ArgumentException("worker artifacts are pulled by digest", nameof(image));
        var signature = await CheckSignatureAsync(image, policy, cancellationToken).ConfigureAwait(false);

        OciManifest manifest;
        try
        {
            var bytes = await ReadManifestAsync(image, digest, cancellationToken).ConfigureAwait(false);
            manifest = OciManifest.Parse(bytes);
        }
        catch (RegistryException e) when (e.Kind == RegistryErrorKind.DigestMismatch)
        {
            throw Refuse(image, ArtifactRefusal.DigestMismatch, e.Message, e);
        }
        catch (FormatException e)
        {
            throw Refuse(image, ArtifactRefusal.InvalidArtifact, e.Message, e);
        }

        WorkerArtifactKind kind;
        try
        {
            kind = WorkerArtifacts.KindOf(manifest);
        }
        catch (FormatException e)
        {
            throw Refuse(image, ArtifactRefusal.InvalidArtifact, e.Message, e);
        }

        var moduleType = kind == WorkerArtifactKind.Wasm ? MediaTypes.WasmLayer : MediaTypes.JsModuleLayer;
        var module = manifest.Layers.Single(l => l.MediaType == moduleType);
        var map = kind == WorkerArtifactKind.JavaScript ? manifest.Layers.FirstOrDefault(l => l.MediaType == MediaTypes.JsSourceMapLayer) : null;
        var modulePath = await FetchAsync(image, module, cancellationToken).ConfigureAwait(false);
        var mapPath = map is null ? null : await FetchAsync(image, map, cancellationToken).ConfigureAwait(false);
        var name = module.Annotation(Annotations.Title) is { Length: > 0 } title ? Path.GetFileName(title) : kind == WorkerArtifactKind.Wasm ? "worker.wasm" : "worker.js";
        Log.Pulled(_logger, image.RepositoryReference, digest, kind.ToString(), signature.Reason);
        return new PulledWorker(digest, kind, modulePath, name, mapPath, signature);
    }

    private async Task<SignatureVerification> CheckSignatureAsync(ImageReference image, SignaturePolicy policy, CancellationToken cancellationToken)
    {
        if (policy.TrustedKeyPems.Count == 0)
        {
            return policy.Required
                ? throw Refuse(image, ArtifactRefusal.InvalidSignature, "a signature is required but no trusted public keys are configured")
                : new SignatureVerification(false, "signature not checked: no trusted keys configured");
        }

        var keys = new List<ECDsa>();
        try
        {
            foreach (var pem in policy.TrustedKeyPems)
            {
                keys.Add(SigningKeys.ImportPublicKey(pem));
            }

            var result = await new CosignSignatures(client).VerifyAsync(image, keys, cancellationToken).ConfigureAwait(false);
            if (!result.Verified && policy.Required)
            {
                var refusal = result.Reason.StartsWith("unsigned", StringComparison.Ordinal) ? ArtifactRefusal.Unsigned : ArtifactRefusal.InvalidSignature;
                throw Refuse(image, refusal, result.Reason);
            }

            return result;
        }
        catch (FormatException e)
        {
            throw Refuse(image, ArtifactRefusal.InvalidSignature, "a trusted key is unusable: " + e.Message, e);
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }

    private async Task<byte[]> ReadManifestAsync(ImageReference image, string digest, CancellationToken cancellationToken)
    {
        var path = store.PathOf(digest);
        if (File.Exists(path))
        {
            var cached = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            if (OciDigest.Compute(cached) == digest)
            {
                return cached;
            }
        }

        var response = await client.GetManifestAsync(image, cancellationToken).ConfigureAwait(false);
        var descriptor = new OciDescriptor(MediaTypes.ImageManifest, response.Digest, response.Content.Length);
        await store.GetOrAddAsync(descriptor, (temp, ct) => File.WriteAllBytesAsync(temp, response.Content, ct), cancellationToken).ConfigureAwait(false);
        return response.Content;
    }

    private async Task<string> FetchAsync(ImageReference image, OciDescriptor layer, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetOrAddAsync(layer, (temp, ct) => client.DownloadBlobAsync(image, layer, temp, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.Kind is RegistryErrorKind.DigestMismatch or RegistryErrorKind.TooLarge)
        {
            throw Refuse(image, e.Kind == RegistryErrorKind.DigestMismatch ? ArtifactRefusal.DigestMismatch : ArtifactRefusal.InvalidArtifact, e.Message, e);
        }
    }

    private ArtifactRefusedException Refuse(ImageReference image, ArtifactRefusal refusal, string reason, Exception? inner = null)
    {
        Log.Refused(_logger, image.RepositoryReference, image.Digest ?? "?", refusal.ToString(), reason);
        return new ArtifactRefusedException(refusal, $"{image.RepositoryReference}@{image.Digest} refused ({refusal}): {reason}", inner);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Pulled {Repository}@{Digest} ({Kind}); {Signature}")]
        public static partial void Pulled(ILogger logger, string repository, string digest, string kind, string signature);

        [LoggerMessage(2, LogLevel.Warning, "Refused {Repository}@{Digest}: {Refusal}: {Reason}")]
        public static partial void Refused(ILogger logger, string repository, string digest, string refusal, string reason);
    }
}
