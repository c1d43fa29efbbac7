namespace Wharf.Kube.Fake.Host;

/// <summary>Writes a kubeconfig pointing at the fake (plain HTTP, no credentials: the fake does no authentication).</summary>
internal static class Kubeconfig
{
    public static async Task WriteAsync(string path, string server)
    {
        var text = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: wharf-fake
              cluster:
                server: {server}
            users:
            - name: wharf-fake
              user:
                # The fake authenticates nobody; the official C# client refuses a user without credentials.
                token: wharf-fake
            contexts:
            - name: wharf-fake
              context:
                cluster: wharf-fake
                user: wharf-fake
                namespace: default
            current-context: wharf-fake

            """;
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);

        // Written beside and renamed, so whoever polls for the file never reads half of it.
        var temporary = full + ".tmp-" + Environment.ProcessId;
        await File.WriteAllTextAsync(temporary, text).ConfigureAwait(false);
        File.Move(temporary, full, overwrite: true);
    }
}
