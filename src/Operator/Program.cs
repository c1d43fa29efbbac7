using k8s;
using k8s.Exceptions;
using Wharf.Operator.Hosting;
using Wharf.Operator.Options;

// Flags: --node-runtime-image=IMAGE [--namespace=NS] [--leader-elect=true|false] [--leader-election-id=NAME]
//        [--listen=http://0.0.0.0:8081] [--redis-url=URL] [--registry-plain-http=host:port,...]
//        [--registry-credentials-secret=NAME] [--concurrency=N] [--url-scheme=https] [--roll-on-config-change=false]
//        [--kubeconfig=PATH] [--context=NAME]
var config = new ConfigurationBuilder().AddEnvironmentVariables("WHARF_").AddCommandLine(args).Build();
OperatorOptions options;
try
{
    options = OptionsReader.Read(config, out var listenUrl);

    // The package resolves credentials: kubeconfig (incl. exec plugins) or the in-cluster service account, whose
    // token file it re-reads every minute (TokenFileAuth), so kubelet's rotation is picked up.
    var kube = config["kubeconfig"] is { } path
        ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path, config["context"])
        : config["context"] is { } context
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: context)
            : KubernetesClientConfiguration.BuildDefaultConfig();
    await using var app = OperatorApp.Build(options, kube, listenUrl);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or KubeConfigException or KubernetesClientException or FileNotFoundException)
{
    await Console.Error.WriteLineAsync("wharf-operator: " + ex.Message);
    return 2;
}
