using System.Security.Cryptography;
using System.Text;

namespace Wharf.Oci;

/// <summary>Outcome of a signature check: verified, or the reason it was not.</summary>
/// <param name="Verified">True only when a signature by a trusted key over this digest was found and checked.</param>
/// <param name="Reason">What was found, for logs, conditions and the CLI.</param>
public sealed record SignatureVerification(bool Verified, string Reason);

/// <summary>
/// Cosign-compatible key-based signatures (<see href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md"/>):
/// an ECDSA P-256 / SHA-256 ASN.1 signature of a simple-signing payload, stored as a layer
/// (<c>application/vnd.dev.cosign.simplesigning.v1+json</c>) of an image manifest tagged <c>sha256-&lt;hex&gt;.sig</c>
/// in the artifact's repository, the base64 signature in the layer's <c>dev.cosignproject.cosign/signature</c> annotation.
/// </summary>
public sealed class CosignSignatures(RegistryClient client)
{
    private const long MaxPayloadBytes = 64 << 10;

    /// <summary>The base64 ASN.1 (DER) ECDSA signature of <paramref name="payload"/>, as cosign writes it.</summary>
    public static string SignPayload(ECDsa key, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    /// <summary>True when <paramref name="signatureBase64"/> is <paramref name="key"/>'s signature of <paramref name="payload"/>.</summary>
    public static bool VerifyPayload(ECDsa key, byte[] payload, string signatureBase64)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }

        return key.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>
    /// Signs the manifest <paramref name="image"/> pins and stores the signature, appending to an existing
    /// <c>.sig</c> manifest as cosign does. Returns the signature manifest's reference.
    /// </summary>
    public async Task<ImageReference> SignAsync(ImageReference image, ECDsa key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var digest = image.Digest ?? throw new ArgumentException("sign a digest-pinned reference", nameof(image));
        var payload = SimpleSigningPayload.Create(image.RepositoryReference, digest);
        var signature = SignPayload(key, payload);
        var sigRef = image with { Tag = OciDigest.SignatureTag(digest), Digest = null };

        var layers = new List<OciDescriptor>();
        if (await client.TryGetManifestAsync(sigRef, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            layers.AddRange(OciManifest.Parse(existing.Content).Layers);
        }

        var layer = OciDescriptor.Of(MediaTypes.CosignSimpleSigning, payload,
            new Dictionary<string, string> { [Annotations.CosignSignature] = signature });
        layers.RemoveAll(l => l.Digest == layer.Digest && l.Annotation(Annotations.CosignSignature) == signature);
        layers.Add(layer);

        await client.PushBlobAsync(image, layer, () => new MemoryStream(payload, writable: false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var config = SignatureConfig(layers);
        var configDescriptor = OciDescriptor.Of(MediaTypes.ImageConfig, config);
        await client.PushBlobAsync(image, configDescriptor, () => new MemoryStream(config, writable: false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var manifest = new OciManifest(configDescriptor, layers).ToJson();
        var manifestDigest = await client.PutManifestAsync(sigRef, sigRef.Tag!, manifest, MediaTypes.ImageManifest, cancellationToken).ConfigureAwait(false);
        return sigRef with { Digest = manifestDigest };
    }

    /// <summary>
    /// Looks for a signature of the manifest <paramref name="image"/> pins made by one of <paramref name="trustedKeys"/>.
    /// Registry failures other than a missing signature tag propagate as <see cref="RegistryException"/>.
    /// </summary>
    public async Task<SignatureVerification> VerifyAsync(ImageReference image, IReadOnlyList<ECDsa> trustedKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        var digest = image.Digest ?? throw new ArgumentException("verify a digest-pinned reference", nameof(image));
        if (trustedKeys.Count == 0)
        {
            return new SignatureVerification(false, "no trusted public keys are configured");
        }

        var sigRef = image with { Tag = OciDigest.SignatureTag(digest), Digest = null };
        var found = await client.TryGetManifestAsync(sigRef, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return new SignatureVerification(false, $"unsigned: no signature found for {digest} (no tag {sigRef.Tag})");
        }

        OciManifest manifest;
        try
        {
            manifest = OciManifest.Parse(found.Content);
        }
        catch (FormatException e)
        {
            return new SignatureVerification(false, $"the signature manifest {sigRef.Tag} is malformed: {e.Message}");
        }

        var problems = new List<string>();
        foreach (var layer in manifest.Layers.Where(l => l.MediaType == MediaTypes.CosignSimpleSigning))
        {
            var signature = layer.Annotation(Annotations.CosignSignature);
            if (signature is null)
            {
                problems.Add($"layer {Short(layer.Digest)} has no signature annotation");
                continue;
            }

            if (layer.Size > MaxPayloadBytes)
            {
                problems.Add($"payload {Short(layer.Digest)} is too large ({layer.Size} bytes)");
                continue;
            }

            var payload = await client.GetBlobAsync(image, layer, cancellationToken).ConfigureAwait(false);
            if (!trustedKeys.Any(k => VerifyPayload(k, payload, signature)))
            {
                problems.Add($"signature on {Short(layer.Digest)} is not valid for any trusted key");
                continue;
            }

            SimpleSigningPayload parsed;
            try
            {
                parsed = SimpleSigningPayload.Parse(payload);
            }
            catch (FormatException e)
            {
                problems.Add($"signed payload {Short(layer.Digest)} is malformed: {e.Message}");
                continue;
            }

            if (parsed.Type != SimpleSigningPayload.CosignType)
            {
                problems.Add($"signed payload {Short(layer.Digest)} has type '{parsed.Type}'");
            }
            else if (parsed.ManifestDigest != digest)
            {
                problems.Add($"signed payload {Short(layer.Digest)} is for {parsed.ManifestDigest}, not {digest}");
            }
            else
            {
                return new SignatureVerification(true, $"signature by a trusted key verified for {digest}");
            }
        }

        return new SignatureVerification(false, problems.Count == 0
            ? $"the signature manifest {sigRef.Tag} holds no simple-signing layers"
            : "no valid signature: " + string.Join("; ", problems));
    }

    /// <summary>The image config cosign's signature manifests carry: one (uncompressed) diff id per payload layer.</summary>
    private static byte[] SignatureConfig(IReadOnlyList<OciDescriptor> layers)
    {
        var json = new StringBuilder("{\"architecture\":\"\",\"config\":{},\"created\":\"0001-01-01T00:00:00Z\",\"history\":[");
        json.AppendJoin(',', layers.Select(_ => "{\"created\":\"0001-01-01T00:00:00Z\"}"));
        json.Append("],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
        json.AppendJoin(',', layers.Select(l => $"\"{l.Digest}\""));
        json.Append("]}}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
