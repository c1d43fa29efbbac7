using System.IO.Pipelines;
using System.Text;
using Wharf.Kube.Watch;

namespace Wharf.Kube.Tests.Watch;

public sealed class WatchStreamReaderTests
{
    /// <summary>A stream that hands out its content in tiny chunks, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    private static async Task<List<RawWatchEvent>> ReadAll(string text, int chunk)
    {
        var reader = new WatchStreamReader(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk));
        await using var _ = reader;
        var events = new List<RawWatchEvent>();
        while (await reader.ReadAsync(CancellationToken.None) is { } ev)
        {
            events.Add(ev);
        }

        return events;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadAsync_EventsSplitAcrossChunks_ParsesEachLine(int chunk)
    {
        var text = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\n\n" +
                   "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"b\"}}}\r\n" +
                   "{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"c\"}}}";

        var events = await ReadAll(text, chunk);

        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => e.Type));
        Assert.Equal("c", events[2].Object.GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ReadAsync_MalformedLine_ThrowsIOException()
    {
        await Assert.ThrowsAsync<IOException>(() => ReadAll("{\"type\":\"ADDED\",\n", 100));
    }

    [Fact]
    public async Task ReadAsync_PartialEvent_WaitsForRestOfLine()
    {
        var pipe = new Pipe();
        var reader = new WatchStreamReader(pipe.Reader.AsStream());
        await using var _ = reader;
        var pending = reader.ReadAsync(CancellationToken.None).AsTask();

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"type\":\"BOOKMARK\","));
        await Task.Delay(50);
        Assert.False(pending.IsCompleted);
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("\"object\":{}}\n"));

        Assert.Equal("BOOKMARK", (await pending.WaitAsync(TimeSpan.FromSeconds(5)))!.Type);
    }
}
