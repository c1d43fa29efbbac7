using System.Text;

namespace Wharf.NodeRuntime.Hosting;

/// <summary>A write-only stream that forwards complete lines to the worker log (WASI stdout/stderr).
/// Over-long lines are split so a worker cannot make the host buffer without bound.</summary>
internal sealed class LineLogStream(IWorkerLog log, string worker, WorkerLogLevel level) : Stream
{
    private const int MaxLine = 16 * 1024;
    private readonly MemoryStream _pending = new();
    private readonly Lock _lock = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_lock)
        {
            foreach (var b in buffer)
            {
                if (b == (byte)'\n')
                {
                    Emit();
                }
                else
                {
                    _pending.WriteByte(b);
                    if (_pending.Length >= MaxLine)
                    {
                        Emit();
                    }
                }
            }
        }
    }

    /// <summary>Emits a trailing partial line.</summary>
    public override void Flush()
    {
        lock (_lock)
        {
            if (_pending.Length > 0)
            {
                Emit();
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Emit()
    {
        var text = Encoding.UTF8.GetString(_pending.GetBuffer(), 0, (int)_pending.Length).TrimEnd('\r');
        _pending.SetLength(0);
        log.Write(worker, level, text);
    }
}

/// <summary>A write-only in-memory stream that keeps at most <paramref name="capacity"/> bytes and records
/// an overflow instead of failing (WAGI stdout: the host answers 502 afterwards).</summary>
internal sealed class CappedBufferStream(int capacity) : Stream
{
    private readonly MemoryStream _buffer = new();

    public bool Overflowed { get; private set; }

    public ReadOnlyMemory<byte> Data => _buffer.GetBuffer().AsMemory(0, (int)_buffer.Length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _buffer.Length;

    public override long Position { get => _buffer.Length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Overflowed || _buffer.Length + buffer.Length > capacity)
        {
            Overflowed = true;
            return;
        }

        _buffer.Write(buffer);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
