using Wharf.Oci;

namespace Wharf.Cli.Artifacts;

/// <summary>Registry clients for the CLI: credentials from the user's docker config, plain HTTP for loopback or --insecure.</summary>
internal static class RegistryAccess
{
    public static RegistryClient Client(bool insecure, long chunkSize = 0) =>
        new(new RegistryClientOptions { Insecure = insecure, ChunkSize = chunkSize, UserAgent = "wharf-cli/0.1" }, RegistryCredentialSources.FromUserConfig());

    /// <summary>The password for a key: <c>$WHARF_KEY_PASSWORD</c>, or one line of stdin with --password-stdin.</summary>
    public static string? Password(bool fromStdin, Stream stdin)
    {
        if (fromStdin)
        {
            using var reader = new StreamReader(stdin, leaveOpen: true);
            return reader.ReadLine() ?? "";
        }

        return Environment.GetEnvironmentVariable("WHARF_KEY_PASSWORD") is { Length: > 0 } env ? env : null;
    }

    /// <summary>A hint for failures the user can fix.</summary>
    public static string Hint(RegistryException e) => e.Kind switch
    {
        RegistryErrorKind.Unauthorized => " (log in with 'docker login', which writes ~/.docker/config.json)",
        RegistryErrorKind.Unreachable => " (a registry without TLS needs --insecure unless it is on loopback)",
        _ => "",
    };
}
