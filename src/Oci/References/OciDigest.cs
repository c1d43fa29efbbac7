using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Wharf.Oci;

/// <summary>
/// Content digests as OCI uses them (<see href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests"/>):
/// <c>sha256:</c> and 64 lowercase hex digits. Only sha256 is accepted: it is what every registry computes.
/// </summary>
public static partial class OciDigest
{
    /// <summary>The digest of <paramref name="content"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The digest of a file's bytes.</summary>
    public static async Task<string> ComputeFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>True for <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
    public static bool IsValid(string? digest) => digest is not null && Pattern().IsMatch(digest);

    /// <summary>Returns <paramref name="digest"/>, or throws <see cref="FormatException"/> when it is not a sha256 digest.</summary>
    public static string Validate(string digest) =>
        IsValid(digest) ? digest : throw new FormatException($"'{digest}' is not a sha256 digest (sha256:<64 lowercase hex>)");

    /// <summary>The hex part of a validated digest.</summary>
    public static string Hex(string digest) => Validate(digest)["sha256:".Length..];

    /// <summary>The tag cosign stores signatures under: <c>sha256-&lt;hex&gt;.sig</c>.</summary>
    public static string SignatureTag(string digest) => "sha256-" + Hex(digest) + ".sig";

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Pattern();
}
