using System.Text;
using Wharf.NodeRuntime.Kv;
using Wharf.NodeRuntime.Tests.TestSupport;

namespace Wharf.NodeRuntime.Tests.Kv;

public class InMemoryKvStoreTests
{
    private const string Ns = "t/ns";
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryKvStore _store;

    public InMemoryKvStoreTests()
    {
        _store = new InMemoryKvStore(_clock);
        _store.ConfigureNamespace(Ns, KvNamespaceLimits.Default);
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task PutThenGet_ReturnsValueAndMetadata()
    {
        await _store.PutAsync(Ns, "a", B("1"), new KvPutOptions { Metadata = "{\"x\":1}" });
        var entry = await _store.GetAsync(Ns, "a");
        Assert.NotNull(entry);
        Assert.Equal("1", Encoding.UTF8.GetString(entry.Value.Span));
        Assert.Equal("{\"x\":1}", entry.Metadata);
        Assert.Null(entry.Expiration);
    }

    [Fact]
    public async Task Get_AbsentKey_ReturnsNull() => Assert.Null(await _store.GetAsync(Ns, "nope"));

    [Fact]
    public async Task Put_Existing_Replaces()
    {
        await _store.PutAsync(Ns, "a", B("1"), new KvPutOptions { Metadata = "1" });
        await _store.PutAsync(Ns, "a", B("2"));
        var entry = await _store.GetAsync(Ns, "a");
        Assert.Equal("2", Encoding.UTF8.GetString(entry!.Value.Span));
        Assert.Null(entry.Metadata);
    }

    [Fact]
    public async Task Delete_RemovesKey_AndAbsentKeySucceeds()
    {
        await _store.PutAsync(Ns, "a", B("1"));
        await _store.DeleteAsync(Ns, "a");
        await _store.DeleteAsync(Ns, "a");
        Assert.Null(await _store.GetAsync(Ns, "a"));
    }

    [Fact]
    public async Task List_OrdersByUtf8Bytes()
    {
        // UTF-16 ordinal order would put U+FF21 (EF BC A1) before U+1F600 (F0 9F 98 80, a surrogate pair);
        // byte order must not, and upper case sorts before lower case.
        foreach (var key in new[] { "b", "a", "B", "\U0001F600", "\uFF21", "aa" })
        {
            await _store.PutAsync(Ns, key, B("v"));
        }

        var page = await _store.ListAsync(Ns);
        Assert.Equal(["B", "a", "aa", "b", "\uFF21", "\U0001F600"], page.Keys.Select(k => k.Name));
        Assert.True(page.ListComplete);
        Assert.Null(page.Cursor);
    }

    [Fact]
    public async Task List_WithLimit_PagesWithCursorUntilComplete()
    {
        for (var i = 0; i < 7; i++)
        {
            await _store.PutAsync(Ns, $"k{i}", B("v"));
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _store.ListAsync(Ns, new KvListOptions { Limit = 3, Cursor = cursor });
            seen.AddRange(page.Keys.Select(k => k.Name));
            cursor = page.Cursor;
            pages++;
            Assert.Equal(page.Cursor is null, page.ListComplete);
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"k{i}"), seen);
    }

    [Fact]
    public async Task List_CursorSurvivesDeletionOfLastKey()
    {
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            await _store.PutAsync(Ns, key, B("v"));
        }

        var first = await _store.ListAsync(Ns, new KvListOptions { Limit = 2 });
        await _store.DeleteAsync(Ns, "b");
        var second = await _store.ListAsync(Ns, new KvListOptions { Limit = 2, Cursor = first.Cursor });
        Assert.Equal(["c", "d"], second.Keys.Select(k => k.Name));
        Assert.True(second.ListComplete);
    }

    [Fact]
    public async Task List_WithPrefix_ReturnsOnlyMatchingKeys()
    {
        foreach (var key in new[] { "user:1", "user:2", "users", "other", "use" })
        {
            await _store.PutAsync(Ns, key, B("v"));
        }

        var page = await _store.ListAsync(Ns, new KvListOptions { Prefix = "user:" });
        Assert.Equal(["user:1", "user:2"], page.Keys.Select(k => k.Name));

        var paged = await _store.ListAsync(Ns, new KvListOptions { Prefix = "user", Limit = 1 });
        var rest = await _store.ListAsync(Ns, new KvListOptions { Prefix = "user", Cursor = paged.Cursor });
        Assert.Equal(["user:1"], paged.Keys.Select(k => k.Name));
        Assert.Equal(["user:2", "users"], rest.Keys.Select(k => k.Name));
    }

    [Fact]
    public async Task List_IncludesExpirationAndMetadata()
    {
        await _store.PutAsync(Ns, "a", B("v"), new KvPutOptions { TimeToLive = TimeSpan.FromMinutes(2), Metadata = "{\"m\":true}" });
        var key = Assert.Single((await _store.ListAsync(Ns)).Keys);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(2), key.Expiration);
        Assert.Equal("{\"m\":true}", key.Metadata);
    }

    [Fact]
    public async Task List_InvalidCursor_Throws() =>
        await Assert.ThrowsAsync<ArgumentException>(async () => await _store.ListAsync(Ns, new KvListOptions { Cursor = "garbage" }));

    [Fact]
    public async Task Ttl_ExpiredEntry_IsInvisibleToGetAndList()
    {
        await _store.PutAsync(Ns, "short", B("v"), new KvPutOptions { TimeToLive = TimeSpan.FromSeconds(60) });
        await _store.PutAsync(Ns, "long", B("v"), new KvPutOptions { TimeToLive = TimeSpan.FromSeconds(120) });
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.NotNull(await _store.GetAsync(Ns, "short"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await _store.GetAsync(Ns, "short"));
        Assert.Equal(["long"], (await _store.ListAsync(Ns)).Keys.Select(k => k.Name));
    }

    [Fact]
    public async Task Ttl_NamespaceDefault_AppliesWithoutExplicitTtl()
    {
        _store.ConfigureNamespace("t/ttl", KvNamespaceLimits.Default with { DefaultTimeToLive = TimeSpan.FromMinutes(5) });
        await _store.PutAsync("t/ttl", "a", B("v"));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(5), (await _store.GetAsync("t/ttl", "a"))!.Expiration);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await _store.GetAsync("t/ttl", "a"));
    }

    [Fact]
    public async Task Limits_MaxKeys_RejectsNewKeyButAllowsReplace()
    {
        _store.ConfigureNamespace("t/small", new KvNamespaceLimits(2, 100, 1000));
        await _store.PutAsync("t/small", "a", B("1"));
        await _store.PutAsync("t/small", "b", B("1"));
        await Assert.ThrowsAsync<KvLimitExceededException>(async () => await _store.PutAsync("t/small", "c", B("1")));
        await _store.PutAsync("t/small", "a", B("2"));
        await _store.DeleteAsync("t/small", "b");
        await _store.PutAsync("t/small", "c", B("1"));
    }

    [Fact]
    public async Task Limits_MaxValueBytes_RejectsLargerValue()
    {
        _store.ConfigureNamespace("t/small", new KvNamespaceLimits(10, 4, 1000));
        await _store.PutAsync("t/small", "a", B("1234"));
        await Assert.ThrowsAsync<KvLimitExceededException>(async () => await _store.PutAsync("t/small", "a", B("12345")));
        Assert.Equal("1234", Encoding.UTF8.GetString((await _store.GetAsync("t/small", "a"))!.Value.Span));
    }

    [Fact]
    public async Task Limits_MaxTotalBytes_CountsKeysValuesAndMetadata()
    {
        _store.ConfigureNamespace("t/small", new KvNamespaceLimits(10, 100, 10));
        await _store.PutAsync("t/small", "ab", B("123"), new KvPutOptions { Metadata = "12" }); // 2 + 3 + 2 = 7
        await Assert.ThrowsAsync<KvLimitExceededException>(async () => await _store.PutAsync("t/small", "cd", B("12"))); // 7 + 4 > 10
        await _store.PutAsync("t/small", "c", B("12")); // 7 + 3 = 10
    }

    [Fact]
    public async Task Limits_ExpiredEntriesDoNotCount()
    {
        _store.ConfigureNamespace("t/small", new KvNamespaceLimits(1, 100, 1000));
        await _store.PutAsync("t/small", "a", B("1"), new KvPutOptions { TimeToLive = TimeSpan.FromSeconds(60) });
        _clock.Advance(TimeSpan.FromSeconds(61));
        await _store.PutAsync("t/small", "b", B("1"));
    }

    [Fact]
    public async Task Put_EmptyKey_Throws() =>
        await Assert.ThrowsAsync<ArgumentException>(async () => await _store.PutAsync(Ns, "", B("v")));

    [Fact]
    public async Task Put_LoneSurrogateKey_Throws() =>
        await Assert.ThrowsAsync<ArgumentException>(async () => await _store.PutAsync(Ns, new string('\uD800', 1), B("v")));

    [Fact]
    public async Task Put_KeyOf513Bytes_Throws()
    {
        await _store.PutAsync(Ns, new string('k', 512), B("v"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _store.PutAsync(Ns, new string('k', 513), B("v")));
    }

    [Fact]
    public async Task AnyOperation_UnknownNamespace_Throws() =>
        await Assert.ThrowsAsync<KvNamespaceNotFoundException>(async () => await _store.GetAsync("t/none", "a"));

    [Fact]
    public async Task Namespaces_AreIsolated()
    {
        _store.ConfigureNamespace("t/other", KvNamespaceLimits.Default);
        await _store.PutAsync(Ns, "a", B("1"));
        Assert.Null(await _store.GetAsync("t/other", "a"));
        Assert.Empty((await _store.ListAsync("t/other")).Keys);
    }

    [Fact]
    public async Task ConcurrentPuts_AllLand()
    {
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () => await _store.PutAsync(Ns, $"k{i:D3}", B("v")))));
        var page = await _store.ListAsync(Ns);
        Assert.Equal(200, page.Keys.Count);
        Assert.Equal(page.Keys.Select(k => k.Name).Order(StringComparer.Ordinal), page.Keys.Select(k => k.Name));
    }
}
