using System.Buffers.Binary;
using System.Text;
using Wharf.NodeRuntime.Abi;
using Wharf.NodeRuntime.Egress;
using Wharf.NodeRuntime.Tests.TestSupport;
using static Wharf.NodeRuntime.Tests.Abi.AbiProbe;

namespace Wharf.NodeRuntime.Tests.Abi;

public class HttpFetchImportTests
{
    private static async Task<(int[] Results, byte[] Captured)> RunAsync(AbiProbe probe, params string[] egress)
    {
        var worker = Workers.Define("fetcher", Tools.Wat(probe.Wat()), egress: [.. egress.Select(EgressRule.Parse)]);
        await using var fx = await HostFixture.StartAsync(null, worker);
        using var response = await fx.Client.GetAsync("/");
        return probe.Decode(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HttpFetch_AllowedUpstream_ReturnsStatusHeadersAndBody()
    {
        await using var upstream = await Upstream.StartAsync();
        var p = new AbiProbe();
        var fetch = p.Call("http_fetch", p.Str("GET"), p.Str($"{upstream.Address}hello"), p.Str("x-from\0wasm\0"), I32(0), I32(0));
        var read = p.Capture(4096);
        var (r, captured) = await RunAsync(p, $"127.0.0.1:{upstream.Port}");
        Assert.True(r[fetch] > 8, $"http_fetch returned {r[fetch]}");
        Assert.Equal(r[fetch], r[read]);
        Assert.Equal(200u, BinaryPrimitives.ReadUInt32LittleEndian(captured));
        var headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(captured.AsSpan(4));
        var headers = Encoding.UTF8.GetString(captured, 8, headerLength);
        Assert.Contains("x-upstream\0yes\0", headers, StringComparison.Ordinal);
        Assert.Equal("hi wasm", Encoding.UTF8.GetString(captured, 8 + headerLength, r[read] - 8 - headerLength));
    }

    [Fact]
    public async Task HttpFetch_LoopbackUnderWildcard_IsDenied()
    {
        await using var upstream = await Upstream.StartAsync();
        var p = new AbiProbe();
        var fetch = p.Call("http_fetch", p.Str("GET"), p.Str($"{upstream.Address}hello"), I32(0), I32(0), I32(0), I32(0));
        var (r, _) = await RunAsync(p, "*");
        Assert.Equal(AbiErrors.Denied, r[fetch]);
    }

    [Fact]
    public async Task HttpFetch_MalformedArguments_AreInvalid()
    {
        var p = new AbiProbe();
        var badUrl = p.Call("http_fetch", p.Str("GET"), p.Str("not a url"), I32(0), I32(0), I32(0), I32(0));
        var badMethod = p.Call("http_fetch", p.Str("G T"), p.Str("http://example.com/"), I32(0), I32(0), I32(0), I32(0));
        var badHeaders = p.Call("http_fetch", p.Str("GET"), p.Str("http://example.com/"), p.Str("x-a\0no-terminator"), I32(0), I32(0));
        var (r, _) = await RunAsync(p, "example.com");
        Assert.Equal([AbiErrors.Invalid, AbiErrors.Invalid, AbiErrors.Invalid], new[] { r[badUrl], r[badMethod], r[badHeaders] });
    }
}
