using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Kube.Watch;

/// <summary>
/// Reads a watch response as newline-delimited JSON events, one line at a time, without buffering the stream
/// (<see href="https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes"/>).
/// </summary>
internal sealed class WatchStreamReader(Stream stream) : IAsyncDisposable
{
    /// <summary>Guards against a server that never sends a newline.</summary>
    private const long MaxEventBytes = 64L * 1024 * 1024;

    private readonly PipeReader _reader = PipeReader.Create(stream);

    /// <summary>Returns the next event, or null when the server closed the stream cleanly.</summary>
    public async ValueTask<RawWatchEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadLine(ref buffer, out var line))
            {
                var parsed = Parse(line);
                _reader.AdvanceTo(buffer.Start);
                if (parsed is null)
                {
                    continue; // Blank line (keep-alive).
                }

                return parsed;
            }

            if (result.IsCompleted)
            {
                // A final event without a trailing newline still counts.
                var tail = buffer.Length > 0 ? Parse(buffer) : null;
                _reader.AdvanceTo(buffer.End);
                return tail;
            }

            if (buffer.Length > MaxEventBytes)
            {
                throw new IOException($"Watch event exceeds {MaxEventBytes} bytes without a newline.");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out line, (byte)'\n'))
        {
            buffer = buffer.Slice(reader.Position);
            return true;
        }

        return false;
    }

    private static RawWatchEvent? Parse(ReadOnlySequence<byte> line)
    {
        var isBlank = true;
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                isBlank = false;
                break;
            }
        }

        if (isBlank)
        {
            return null;
        }

        var json = new Utf8JsonReader(line);
        try
        {
            return JsonSerializer.Deserialize(ref json, WatchJsonContext.Default.RawWatchEvent)
                ?? throw new IOException("Watch stream contained a null event.");
        }
        catch (JsonException ex)
        {
            throw new IOException("Watch stream contained malformed JSON.", ex);
        }
    }
}

/// <summary>The wire form of a watch event; <see cref="Object"/> is decoded by the typed watcher.</summary>
internal sealed class RawWatchEvent
{
    public string Type { get; set; } = "";

    public JsonElement Object { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RawWatchEvent))]
internal sealed partial class WatchJsonContext : JsonSerializerContext;
