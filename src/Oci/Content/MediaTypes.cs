namespace Wharf.Oci;

/// <summary>Media types Wharf reads and writes (see docs/artifacts.md).</summary>
public static class MediaTypes
{
    /// <summary>OCI image manifest (<see href="https://github.com/opencontainers/image-spec/blob/main/manifest.md"/>).</summary>
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>OCI image index.</summary>
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>Docker schema 2 manifest, which some registries convert to.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>Docker manifest list.</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>OCI image config (cosign's signature manifests use it).</summary>
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>Config of a wasm artifact, CNCF TAG Runtime wasm OCI artifact layout.</summary>
    public const string WasmConfig = "application/vnd.wasm.config.v0+json";

    /// <summary>A wasm module layer.</summary>
    public const string WasmLayer = "application/wasm";

    /// <summary>Config of a Wharf JavaScript worker.</summary>
    public const string JsWorkerConfig = "application/vnd.wharf.worker.js.config.v1+json";

    /// <summary>A bundled ES module (the worker's entry module).</summary>
    public const string JsModuleLayer = "application/vnd.wharf.worker.js.module.v1";

    /// <summary>The source map of the bundled module.</summary>
    public const string JsSourceMapLayer = "application/vnd.wharf.worker.js.sourcemap.v1+json";

    /// <summary>Cosign's simple-signing payload layer.</summary>
    public const string CosignSimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>The manifest types a pull accepts, in preference order.</summary>
    public static IReadOnlyList<string> AcceptedManifests { get; } = [ImageManifest, ImageIndex, DockerManifest, DockerManifestList];
}

/// <summary>Annotation keys Wharf reads and writes.</summary>
public static class Annotations
{
    /// <summary>A layer's file name (<c>org.opencontainers.image.title</c>).</summary>
    public const string Title = "org.opencontainers.image.title";

    /// <summary>A tag in an image layout's index.json.</summary>
    public const string RefName = "org.opencontainers.image.ref.name";

    /// <summary>Cosign's base64 signature of a simple-signing layer.</summary>
    public const string CosignSignature = "dev.cosignproject.cosign/signature";
}
