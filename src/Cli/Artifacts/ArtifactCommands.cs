using System.CommandLine;
using Spectre.Console;
using Wharf.Oci;

namespace Wharf.Cli.Artifacts;

/// <summary><c>wharf build</c>, <c>push</c>, <c>keygen</c>, <c>sign</c>, <c>verify</c> (docs/artifacts.md).</summary>
internal static class ArtifactCommands
{
    public static IEnumerable<Command> Create(CliStreams streams, TextWriter stdout, TextWriter stderr) =>
    [
        BuildCommand(stdout, stderr),
        PushCommand(streams, stdout, stderr),
        KeygenCommand(streams, stdout, stderr),
        SignCommand(streams, stdout, stderr),
        VerifyCommand(stdout, stderr),
    ];

    private static Argument<string> DirArgument() => new("dir")
    {
        Description = "The worker project folder (wharf.json, or index.js / index.ts). Default: the current folder.",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    private static Option<bool> InsecureOption() => new("--insecure") { Description = "Plain HTTP to the registry (loopback registries always are)." };

    private static Command BuildCommand(TextWriter stdout, TextWriter stderr)
    {
        var dir = DirArgument();
        var esbuild = new Option<string>("--esbuild") { HelpName = "PATH", Description = $"esbuild binary (default: ${WorkerBuilder.EsbuildEnvironmentVariable}, node_modules/.bin, PATH)." };
        var command = new Command("build", "Bundle (JS/TS, with esbuild) or validate (wasm) a worker and write its OCI artifact to DIR/.wharf/.") { dir, esbuild };
        command.SetAction(result =>
        {
            try
            {
                var built = WorkerBuilder.Build(result.GetValue(dir)!, result.GetValue(esbuild), stderr);
                stdout.WriteLine($"built {built.Name} ({(built.Kind == WorkerArtifactKind.Wasm ? "wasm" : "javascript")}, {built.ModuleBytes} bytes) -> {built.LayoutPath}");
                stdout.WriteLine(built.Manifest.Digest);
                return 0;
            }
            catch (BuildException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command PushCommand(CliStreams streams, TextWriter stdout, TextWriter stderr)
    {
        var reference = new Argument<string>("ref") { Description = "Where to push: REGISTRY/REPOSITORY[:TAG] (no tag: pushed by digest only)." };
        var dir = DirArgument();
        var insecure = InsecureOption();
        var chunk = new Option<long>("--chunk-size") { HelpName = "BYTES", Description = "Upload blobs in PATCH chunks of this size (0: one PUT per blob)." };
        var command = new Command("push", "Push the artifact 'wharf build' wrote; the last line of output is REPO@sha256:….") { reference, dir, insecure, chunk };
        command.SetAction((result, cancellationToken) =>
            Run(stderr, () => PushAsync(result.GetValue(reference)!, result.GetValue(dir)!, result.GetValue(insecure), result.GetValue(chunk), streams, stdout, cancellationToken)));
        return command;
    }

    internal static async Task<int> PushAsync(string text, string dir, bool insecure, long chunkSize, CliStreams streams, TextWriter stdout, CancellationToken cancellationToken)
    {
        var target = ImageReference.Parse(text);
        var layoutPath = Path.Join(Path.GetFullPath(dir), WorkerBuilder.LayoutDirectory);
        if (!File.Exists(Path.Join(layoutPath, "oci-layout")))
        {
            throw new FormatException($"{layoutPath} has no artifact: run 'wharf build' first");
        }

        var layout = OciImageLayout.Open(layoutPath);
        var (descriptor, manifest, bytes) = layout.ReadSingleManifest();
        if (target.Digest is { } pinned && pinned != descriptor.Digest)
        {
            throw new FormatException($"the reference pins {pinned}, but the built artifact is {descriptor.Digest}");
        }

        using var client = RegistryAccess.Client(insecure, chunkSize);
        var blobs = manifest.Layers.Append(manifest.Config).ToList();
        if (streams.StdoutIsTerminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
            await console.Progress().AutoClear(false).StartAsync(async context =>
            {
                foreach (var blob in blobs)
                {
                    var task = context.AddTask($"{Short(blob.Digest)} {blob.MediaType}", maxValue: Math.Max(1, blob.Size));
                    var outcome = await client.PushBlobAsync(target, blob, () => File.OpenRead(layout.BlobPath(blob.Digest)),
                        progress: new Progress<long>(v => task.Value = v), cancellationToken: cancellationToken).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                    task.Description = $"{Short(blob.Digest)} {blob.MediaType} ({outcome.ToString().ToLowerInvariant()})";
                }
            }).ConfigureAwait(false);
        }
        else
        {
            foreach (var blob in blobs)
            {
                var outcome = await client.PushBlobAsync(target, blob, () => File.OpenRead(layout.BlobPath(blob.Digest)), cancellationToken: cancellationToken).ConfigureAwait(false);
                stdout.WriteLine($"{outcome.ToString().ToLowerInvariant()} {blob.Digest} {blob.MediaType} ({blob.Size} bytes)");
            }
        }

        var digest = await client.PutManifestAsync(target, target.Tag ?? descriptor.Digest, bytes, MediaTypes.ImageManifest, cancellationToken).ConfigureAwait(false);
        if (target.Tag is { } tag)
        {
            stdout.WriteLine($"tagged {target.RepositoryReference}:{tag}");
        }

        stdout.WriteLine($"{target.RepositoryReference}@{digest}");
        return 0;
    }

    private static Command KeygenCommand(CliStreams streams, TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--out") { HelpName = "PREFIX", Description = "Writes PREFIX.key (PKCS#8 PEM) and PREFIX.pub (PEM).", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Encrypt the private key with a password read from stdin (else $WHARF_KEY_PASSWORD if set; else unencrypted)." };
        var force = new Option<bool>("--force") { Description = "Overwrite existing files." };
        var command = new Command("keygen", "Generate an ECDSA P-256 signing key pair (cosign-compatible).") { output, passwordStdin, force };
        command.SetAction(result =>
        {
            var prefix = result.GetValue(output)!;
            var (keyPath, pubPath) = (prefix + ".key", prefix + ".pub");
            if (!result.GetValue(force) && (File.Exists(keyPath) || File.Exists(pubPath)))
            {
                stderr.WriteLine($"error: {keyPath} or {pubPath} exists (use --force to overwrite)");
                return ExitCodes.Usage;
            }

            var password = RegistryAccess.Password(result.GetValue(passwordStdin), streams.Stdin);
            using var key = SigningKeys.Generate();
            File.WriteAllText(keyPath, "");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllText(keyPath, SigningKeys.ExportPrivateKeyPem(key, password));
            File.WriteAllText(pubPath, SigningKeys.ExportPublicKeyPem(key));
            stdout.WriteLine($"private key: {keyPath}{(string.IsNullOrEmpty(password) ? " (unencrypted)" : " (password-protected)")}");
            stdout.WriteLine($"public key:  {pubPath}");
            return 0;
        });
        return command;
    }

    private static Command SignCommand(CliStreams streams, TextWriter stdout, TextWriter stderr)
    {
        var reference = new Argument<string>("ref") { Description = "The artifact: REPO:TAG or REPO@sha256:… (tags are resolved; the digest is signed)." };
        var key = new Option<string>("--key") { HelpName = "FILE", Description = "The private key (PEM, from 'wharf keygen').", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the key's password from stdin (else $WHARF_KEY_PASSWORD)." };
        var insecure = InsecureOption();
        var command = new Command("sign", "Sign an artifact in its registry (cosign format: tag sha256-<hex>.sig).") { reference, key, passwordStdin, insecure };
        command.SetAction((result, cancellationToken) => Run(stderr, async () =>
        {
            using var signingKey = SigningKeys.ImportPrivateKey(ReadKeyFile(result.GetValue(key)!), RegistryAccess.Password(result.GetValue(passwordStdin), streams.Stdin));
            using var client = RegistryAccess.Client(result.GetValue(insecure));
            var image = ImageReference.Parse(result.GetValue(reference)!);
            image = image.WithDigest(await client.ResolveDigestAsync(image, cancellationToken).ConfigureAwait(false));
            var sig = await new CosignSignatures(client).SignAsync(image, signingKey, cancellationToken).ConfigureAwait(false);
            stdout.WriteLine($"signed {image.RepositoryReference}@{image.Digest}");
            stdout.WriteLine($"signature: {sig.RepositoryReference}:{sig.Tag}");
            return 0;
        }));
        return command;
    }

    private static Command VerifyCommand(TextWriter stdout, TextWriter stderr)
    {
        var reference = new Argument<string>("ref") { Description = "The artifact: REPO:TAG or REPO@sha256:…." };
        var key = new Option<string[]>("--key") { HelpName = "FILE", Description = "Trusted public key (PEM); repeat for several.", Required = true, AllowMultipleArgumentsPerToken = false };
        var insecure = InsecureOption();
        var command = new Command("verify", "Verify an artifact's signature; exit 0 when verified, 1 with the reason otherwise.") { reference, key, insecure };
        command.SetAction((result, cancellationToken) => Run(stderr, async () =>
        {
            var keys = result.GetValue(key)!.Select(f => SigningKeys.ImportPublicKey(ReadKeyFile(f))).ToList();
            try
            {
                using var client = RegistryAccess.Client(result.GetValue(insecure));
                var image = ImageReference.Parse(result.GetValue(reference)!);
                image = image.WithDigest(await client.ResolveDigestAsync(image, cancellationToken).ConfigureAwait(false));
                var outcome = await new CosignSignatures(client).VerifyAsync(image, keys, cancellationToken).ConfigureAwait(false);
                if (!outcome.Verified)
                {
                    stderr.WriteLine($"error: {image.RepositoryReference}@{image.Digest}: {outcome.Reason}");
                    return 1;
                }

                stdout.WriteLine($"verified {image.RepositoryReference}@{image.Digest}: {outcome.Reason}");
                return 0;
            }
            finally
            {
                keys.ForEach(k => k.Dispose());
            }
        }));
        return command;
    }

    private static string ReadKeyFile(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new FormatException($"{path}: no such key file");

    /// <summary>Runs an action; bad input and registry failures become one error line and exit code 1.</summary>
    private static async Task<int> Run(TextWriter stderr, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (RegistryException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}{RegistryAccess.Hint(e)}").ConfigureAwait(false);
            return 1;
        }
        catch (FormatException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static string Short(string digest) => digest[..19];
}
