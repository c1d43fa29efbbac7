using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Wharf.Oci;

/// <summary>
/// An OCI image reference split as the distribution reference grammar does
/// (<see href="https://github.com/distribution/reference/blob/main/reference.go"/>): the first path component is a
/// registry host when it contains <c>.</c> or <c>:</c> or is <c>localhost</c>; otherwise the registry is Docker Hub.
/// </summary>
/// <param name="Registry">Registry host[:port] as written (Docker Hub is <c>docker.io</c>).</param>
/// <param name="Repository">Repository path, e.g. <c>tenant-a/hello</c> (<c>library/x</c> on Docker Hub).</param>
/// <param name="Tag">Tag, or null.</param>
/// <param name="Digest">Pinned digest <c>sha256:…</c>, or null.</param>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    private const string DockerHub = "docker.io";

    /// <summary>Host the distribution API is served on (Docker Hub's API lives on a different host).</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    /// <summary>What <c>/v2/&lt;name&gt;/manifests/&lt;reference&gt;</c> asks for: the digest when pinned, else the tag (default <c>latest</c>).</summary>
    public string ManifestReference => Digest ?? Tag ?? "latest";

    /// <summary>Parses <paramref name="text"/>; false with a reason for malformed references.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the image reference is empty";
            return false;
        }

        var rest = text;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!OciDigest.IsValid(digest))
            {
                error = $"'{digest}' is not a sha256 digest (sha256:<64 lowercase hex>)";
                return false;
            }
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.IndexOf(':', lastSlash + 1);
        if (colon >= 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"'{tag}' is not a valid tag";
                return false;
            }
        }

        var registry = DockerHub;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = rest[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                rest = rest[(slash + 1)..];
            }
        }

        if (!RepositoryPattern().IsMatch(rest))
        {
            error = $"'{rest}' is not a valid repository name";
            return false;
        }

        if (registry == DockerHub && !rest.Contains('/', StringComparison.Ordinal))
        {
            rest = "library/" + rest;
        }

        reference = new ImageReference(registry, rest, tag, digest);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    /// <summary>This reference pinned to <paramref name="digest"/> (the tag is kept for display).</summary>
    public ImageReference WithDigest(string digest) => this with { Digest = OciDigest.Validate(digest) };

    /// <summary><c>registry/repository</c>, what <c>REPO@sha256:…</c> output starts with.</summary>
    public string RepositoryReference => $"{Registry}/{Repository}";

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> with the reason.</summary>
    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new FormatException($"invalid image reference '{text}': {error}");

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
