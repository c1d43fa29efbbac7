using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wharf.Oci.Tests.Support;

namespace Wharf.Oci.Tests.Signing;

/// <summary>
/// Signatures against cosign's published format (specs/SIGNATURE_SPEC.md in sigstore/cosign): fixtures here are built
/// from that text — payload, layer media type, annotation, tag — never from cosign's code or binary.
/// </summary>
public sealed class CosignSignatureTests
{
    [RegistryFact]
    public async Task Sign_ThenVerify_WithSameKey_Verified_OtherKey_Refused()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        var image = await PushWorkerAsync(server, client, "signed");
        using var key = SigningKeys.Generate();
        using var other = SigningKeys.Generate();
        var signatures = new CosignSignatures(client);

        var sigRef = await signatures.SignAsync(image, key, CancellationToken.None);

        Assert.Equal(OciDigest.SignatureTag(image.Digest!), sigRef.Tag);
        var ok = await signatures.VerifyAsync(image, [Public(key)], CancellationToken.None);
        Assert.True(ok.Verified, ok.Reason);
        var wrong = await signatures.VerifyAsync(image, [Public(other)], CancellationToken.None);
        Assert.False(wrong.Verified);
        Assert.Contains("not valid for any trusted key", wrong.Reason);
    }

    [RegistryFact]
    public async Task Verify_Unsigned_SaysUnsigned()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        var image = await PushWorkerAsync(server, client, "unsigned");
        using var key = SigningKeys.Generate();

        var result = await new CosignSignatures(client).VerifyAsync(image, [Public(key)], CancellationToken.None);

        Assert.False(result.Verified);
        Assert.StartsWith("unsigned", result.Reason);
    }

    [RegistryFact]
    public async Task Sign_WritesWhatTheSpecDescribes_SoCosignCanVerifyIt()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        var image = await PushWorkerAsync(server, client, "spec-shape");
        using var key = SigningKeys.Generate();
        await new CosignSignatures(client).SignAsync(image, key, CancellationToken.None);

        // Read it back as a plain registry client would: tag sha256-<hex>.sig, an OCI image manifest.
        var sig = await client.GetManifestAsync(image with { Tag = "sha256-" + image.Digest![7..] + ".sig", Digest = null }, CancellationToken.None);
        using var doc = JsonDocument.Parse(sig.Content);
        Assert.Equal(2, doc.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", doc.RootElement.GetProperty("mediaType").GetString());
        var layer = Assert.Single(doc.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Equal("application/vnd.dev.cosign.simplesigning.v1+json", layer.GetProperty("mediaType").GetString());
        var signature = layer.GetProperty("annotations").GetProperty("dev.cosignproject.cosign/signature").GetString()!;
        var payload = await client.GetBlobAsync(image, OciManifest.Parse(sig.Content).Layers[0], CancellationToken.None);

        // The payload: critical.identity.docker-reference, critical.image.docker-manifest-digest, critical.type.
        using var p = JsonDocument.Parse(payload);
        var critical = p.RootElement.GetProperty("critical");
        Assert.Equal("cosign container image signature", critical.GetProperty("type").GetString());
        Assert.Equal(image.Digest, critical.GetProperty("image").GetProperty("docker-manifest-digest").GetString());
        Assert.Equal(image.RepositoryReference, critical.GetProperty("identity").GetProperty("docker-reference").GetString());

        // The signature: base64 ASN.1 ECDSA-P256 over SHA-256 of the payload bytes, checked with the PEM public key alone.
        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(SigningKeys.ExportPublicKeyPem(key));
        Assert.True(verifier.VerifyData(payload, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [RegistryFact]
    public async Task Verify_SignatureBuiltFromCosignSpec_Verified_AndAppendKeepsIt()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        var image = await PushWorkerAsync(server, client, "cosign-made");
        using var cosignKey = SigningKeys.Generate();

        // As the spec's example spells it: "Docker-manifest-digest" and an "optional" section with creator/timestamp.
        var payload = Encoding.UTF8.GetBytes($$"""
            {
                "critical": {
                       "identity": {
                           "docker-reference": "testing/manifest"
                       },
                       "image": {
                           "Docker-manifest-digest": "{{image.Digest}}"
                       },
                       "type": "cosign container image signature"
                },
                "optional": {
                       "creator": "Bob the Builder",
                       "timestamp": 1458239713
                }
            }
            """);
        var signature = Convert.ToBase64String(cosignKey.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        await PushSignatureManifestAsync(client, image, payload, signature);

        var signatures = new CosignSignatures(client);
        var result = await signatures.VerifyAsync(image, [Public(cosignKey)], CancellationToken.None);
        Assert.True(result.Verified, result.Reason);

        // Signing again with our key appends a layer (as cosign does); the cosign-made one still verifies.
        using var ours = SigningKeys.Generate();
        await signatures.SignAsync(image, ours, CancellationToken.None);
        Assert.True((await signatures.VerifyAsync(image, [Public(cosignKey)], CancellationToken.None)).Verified);
        Assert.True((await signatures.VerifyAsync(image, [Public(ours)], CancellationToken.None)).Verified);
    }

    [RegistryFact]
    public async Task Verify_ValidSignatureOverOtherDigest_Refused()
    {
        await using var server = await RegistryServer.StartAsync();
        using var client = TestClients.For(server);
        var image = await PushWorkerAsync(server, client, "target");
        var other = await PushWorkerAsync(server, client, "other");
        using var key = SigningKeys.Generate();

        // A genuine signature of another artifact, copied under this artifact's signature tag.
        var payload = SimpleSigningPayload.Create(other.RepositoryReference, other.Digest!);
        await PushSignatureManifestAsync(client, image, payload, CosignSignatures.SignPayload(key, payload));

        var result = await new CosignSignatures(client).VerifyAsync(image, [Public(key)], CancellationToken.None);
        Assert.False(result.Verified);
        Assert.Contains($"is for {other.Digest}", result.Reason);
    }

    [Fact]
    public void Keys_EncryptedPkcs8_RoundTripWithPassword_WrongPasswordExplains()
    {
        using var key = SigningKeys.Generate();
        var pem = SigningKeys.ExportPrivateKeyPem(key, "correct horse");
        Assert.Contains("BEGIN ENCRYPTED PRIVATE KEY", pem);
        using var back = SigningKeys.ImportPrivateKey(pem, "correct horse");
        var payload = "x"u8.ToArray();
        Assert.True(CosignSignatures.VerifyPayload(key, payload, CosignSignatures.SignPayload(back, payload)));

        Assert.Contains("wrong password", Assert.Throws<FormatException>(() => SigningKeys.ImportPrivateKey(pem, "nope")).Message);
        Assert.Contains("no password", Assert.Throws<FormatException>(() => SigningKeys.ImportPrivateKey(pem, null)).Message);
        Assert.Contains("BEGIN PRIVATE KEY", SigningKeys.ExportPrivateKeyPem(key, null));
    }

    [Fact]
    public void Keys_OtherCurve_Refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Contains("not P-256", Assert.Throws<FormatException>(() => SigningKeys.ImportPublicKey(p384.ExportSubjectPublicKeyInfoPem())).Message);
    }

    internal static ECDsa Public(ECDsa key) => SigningKeys.ImportPublicKey(SigningKeys.ExportPublicKeyPem(key));

    internal static async Task<ImageReference> PushWorkerAsync(RegistryServer server, RegistryClient client, string marker)
    {
        using var dir = new TempDir();
        var layout = OciImageLayout.Create(dir.Path);
        WorkerArtifacts.WriteWasm(layout, TestClients.Wasm(marker), "worker.wasm");
        var image = TestClients.Ref(server, "tenant/signed:" + marker);
        var digest = await TestClients.PushLayoutAsync(client, layout, image, marker);
        return image.WithDigest(digest);
    }

    /// <summary>A signature manifest laid out as SIGNATURE_SPEC.md's "OCI Image Manifest V1" section describes.</summary>
    internal static async Task PushSignatureManifestAsync(RegistryClient client, ImageReference image, byte[] payload, string signature)
    {
        var layer = OciDescriptor.Of("application/vnd.dev.cosign.simplesigning.v1+json", payload,
            new Dictionary<string, string> { ["dev.cosignproject.cosign/signature"] = signature });
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"","config":{},"created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":["{{{layer.Digest}}}"]}}""");
        var configDescriptor = OciDescriptor.Of("application/vnd.oci.image.config.v1+json", config);
        await client.PushBlobAsync(image, layer, () => new MemoryStream(payload));
        await client.PushBlobAsync(image, configDescriptor, () => new MemoryStream(config));
        var manifest = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":{{{config.Length}}},"digest":"{{{configDescriptor.Digest}}}"},
             "layers":[{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":{{{payload.Length}}},"digest":"{{{layer.Digest}}}",
               "annotations":{"dev.cosignproject.cosign/signature":"{{{signature}}}"}}]}
            """);
        var tag = "sha256-" + image.Digest![7..] + ".sig";
        await client.PutManifestAsync(image, tag, manifest, MediaTypes.ImageManifest, CancellationToken.None);
    }
}
