using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Wharf.E2e.Launcher;

/// <summary>
/// What the kubelet gives a pod, on one machine: a pod IP of its own (127.0.0.N — all of 127/8 is loopback on Linux, so
/// every pod can bind its declared ports without clashing), its volumes as folders (ConfigMaps and Secrets as one file
/// per key, refreshed when they change, emptyDirs), its environment (values, $(VAR) expansion, fieldRef, configMap/secret
/// key refs and envFrom) and access to the API server through a kubeconfig in place of the service-account token.
/// </summary>
internal sealed partial class PodSandbox
{
    private readonly IKubernetes _client;
    private readonly string _kubeconfig;

    public PodSandbox(PodPlan plan, string root, string podIp, IKubernetes client, string kubeconfig)
    {
        Plan = plan;
        PodIp = podIp;
        Directory = System.IO.Directory.CreateDirectory(Path.Join(root, $"{plan.Namespace}_{plan.Name}")).FullName;
        _client = client;
        _kubeconfig = kubeconfig;
    }

    public PodPlan Plan { get; }

    public string PodIp { get; }

    public string Directory { get; }

    public string LogPath => Path.Join(Directory, "log");

    public V1Container Container => Plan.Template.Spec.Containers[0];

    /// <summary>Host folder of each volume, by volume name.</summary>
    public Dictionary<string, string> VolumeDirs { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes (or refreshes) every volume's files; returns whether anything changed.</summary>
    public async Task<bool> SyncVolumesAsync(CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var volume in Plan.Template.Spec.Volumes ?? [])
        {
            var dir = Path.Join(Directory, "volumes", volume.Name);
            System.IO.Directory.CreateDirectory(dir);
            VolumeDirs[volume.Name] = dir;
            IDictionary<string, byte[]>? files = null;
            if (volume.ConfigMap is { } cm)
            {
                var map = await TryAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync(cm.Name, Plan.Namespace, cancellationToken: cancellationToken));
                files = map is null ? null : Project(
                    (map.Data ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value), StringComparer.Ordinal),
                    cm.Items);
            }
            else if (volume.Secret is { } s)
            {
                var secret = await TryAsync(() => _client.CoreV1.ReadNamespacedSecretAsync(s.SecretName, Plan.Namespace, cancellationToken: cancellationToken));
                files = secret is null ? null : Project(secret.Data ?? new Dictionary<string, byte[]>(), s.Items);
            }

            foreach (var (name, bytes) in files ?? new Dictionary<string, byte[]>())
            {
                var path = Path.Join(dir, name);
                if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
                {
                    continue;
                }

                // Atomic like the kubelet's symlink swap: readers never see half a file.
                var temp = path + ".tmp";
                await File.WriteAllBytesAsync(temp, bytes, cancellationToken);
                File.Move(temp, path, overwrite: true);
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>The container's environment as the kubelet would give it, plus the pod-network and API access shims.</summary>
    public async Task<Dictionary<string, string>> EnvironmentAsync(bool rewritePaths, CancellationToken cancellationToken)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var from in Container.EnvFrom ?? [])
        {
            var prefix = from.Prefix ?? "";
            if (from.ConfigMapRef is { } cmRef && await TryAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync(cmRef.Name, Plan.Namespace, cancellationToken: cancellationToken)) is { } cm)
            {
                foreach (var (k, v) in cm.Data ?? new Dictionary<string, string>()) { env[prefix + k] = v; }
            }

            if (from.SecretRef is { } sRef && await TryAsync(() => _client.CoreV1.ReadNamespacedSecretAsync(sRef.Name, Plan.Namespace, cancellationToken: cancellationToken)) is { } secret)
            {
                foreach (var (k, v) in secret.Data ?? new Dictionary<string, byte[]>()) { env[prefix + k] = Encoding.UTF8.GetString(v); }
            }
        }

        foreach (var e in Container.Env ?? [])
        {
            var value = e.Value is not null ? Expand(e.Value, env) : await ValueFromAsync(e.ValueFrom, cancellationToken);
            if (value is not null)
            {
                env[e.Name] = value;
            }
        }

        foreach (var key in env.Keys.ToList())
        {
            env[key] = Rewrite(env[key], rewritePaths);
        }

        // One pod IP each: an app that asks for "all interfaces" on a port gets its pod IP instead.
        var ports = (Container.Ports ?? []).Select(p => p.ContainerPort).ToList();
        if (env.Remove("ASPNETCORE_HTTP_PORTS", out var httpPorts))
        {
            ports = [.. httpPorts.Split(';', ',').Select(int.Parse)];
        }

        if (!env.ContainsKey("ASPNETCORE_URLS") && ports.Count > 0)
        {
            env["ASPNETCORE_URLS"] = string.Join(';', ports.Select(p => $"http://{PodIp}:{p}"));
        }

        env["KUBECONFIG"] = _kubeconfig;
        env["HOSTNAME"] = Plan.Name;
        if (rewritePaths)
        {
            env["TMPDIR"] = MountedPath("/tmp") ?? System.IO.Directory.CreateDirectory(Path.Join(Directory, "tmp")).FullName;
        }

        return env;
    }

    public IReadOnlyList<string> Args(Dictionary<string, string> env, bool rewritePaths) =>
        [.. (Container.Args ?? []).Select(a => Rewrite(Expand(a, env), rewritePaths))];

    /// <summary>The host folder behind a container path, when a volume is mounted there.</summary>
    public string? MountedPath(string containerPath)
    {
        foreach (var mount in (Container.VolumeMounts ?? []).OrderByDescending(m => m.MountPath.Length))
        {
            var mountPath = mount.MountPath.TrimEnd('/');
            if ((containerPath == mountPath || containerPath.StartsWith(mountPath + "/", StringComparison.Ordinal))
                && VolumeDirs.TryGetValue(mount.Name, out var dir))
            {
                return dir + containerPath[mountPath.Length..];
            }
        }

        return null;
    }

    private string Rewrite(string value, bool rewritePaths)
    {
        value = value.Replace("0.0.0.0", PodIp, StringComparison.Ordinal).Replace("//+:", $"//{PodIp}:", StringComparison.Ordinal)
            .Replace("//*:", $"//{PodIp}:", StringComparison.Ordinal);
        return rewritePaths && value.StartsWith('/') && MountedPath(value) is { } hostPath ? hostPath : value;
    }

    private async Task<string?> ValueFromAsync(V1EnvVarSource? source, CancellationToken cancellationToken)
    {
        if (source?.FieldRef is { } field)
        {
            return field.FieldPath switch
            {
                "metadata.name" => Plan.Name,
                "metadata.namespace" => Plan.Namespace,
                "spec.nodeName" => PodPlan.NodeName,
                "status.podIP" or "status.hostIP" => PodIp,
                "spec.serviceAccountName" => Plan.Template.Spec.ServiceAccountName ?? "default",
                _ when LabelRef().Match(field.FieldPath) is { Success: true } m => Plan.Labels.TryGetValue(m.Groups[1].Value, out var l) ? l : "",
                _ => throw new NotSupportedException($"pod {Plan.Key}: fieldRef {field.FieldPath} is not supported by the e2e launcher"),
            };
        }

        if (source?.ConfigMapKeyRef is { } cmKey)
        {
            var cm = await TryAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync(cmKey.Name, Plan.Namespace, cancellationToken: cancellationToken));
            return cm?.Data?.TryGetValue(cmKey.Key, out var v) == true ? v : null;
        }

        if (source?.SecretKeyRef is { } sKey)
        {
            var secret = await TryAsync(() => _client.CoreV1.ReadNamespacedSecretAsync(sKey.Name, Plan.Namespace, cancellationToken: cancellationToken));
            return secret?.Data?.TryGetValue(sKey.Key, out var v) == true ? Encoding.UTF8.GetString(v) : null;
        }

        return null;
    }

    private static string Expand(string value, Dictionary<string, string> env) =>
        VarRef().Replace(value, m => env.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    private static IDictionary<string, byte[]> Project(IDictionary<string, byte[]> data, IList<V1KeyToPath>? items) =>
        items is null or { Count: 0 }
            ? data
            : items.Where(i => data.ContainsKey(i.Key)).ToDictionary(i => i.Path, i => data[i.Key], StringComparer.Ordinal);

    private static async Task<T?> TryAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VarRef();

    [GeneratedRegex(@"^metadata\.labels\['(.+)'\]$")]
    private static partial Regex LabelRef();
}
