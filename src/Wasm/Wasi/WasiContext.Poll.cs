using System.Buffers.Binary;

namespace Wharf.Wasm.Wasi;

/// <summary>poll_oneoff.</summary>
/// <remarks>
/// Regular files and the output streams are always ready (as with poll(2) on files). Input
/// streams are reported ready too: .NET streams offer no portable readiness test, so a following
/// fd_read may block until input arrives. When any fd subscription is present the call returns
/// at once with those events (plus clocks already due); otherwise it sleeps until the earliest
/// clock subscription expires. https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-poll_oneoffin-constpointersubscription-out-pointerevent-nsubscriptions-size---resultsize-errno
/// </remarks>
internal sealed partial class WasiContext
{
    private const int SubscriptionSize = 48;
    private const int EventSize = 32;
    private const int SleepSliceMs = 10;

    // checkInterrupt is called between sleep slices; it throws (a trap) when the running instance
    // was interrupted or timed out, so a sleeping guest still honours its deadline.
    public Errno PollOneoff(GuestMemory mem, int inPtr, int outPtr, int count, int neventsPtr, Action? checkInterrupt = null)
    {
        if (count <= 0)
        {
            return Errno.Inval;
        }

        if (count > int.MaxValue / SubscriptionSize)
        {
            return Errno.Fault; // cannot fit in a 4 GiB memory
        }

        var subscriptions = mem.Span(inPtr, count * SubscriptionSize).ToArray();
        mem.Span(outPtr, count * EventSize);
        var events = new List<(ulong UserData, Errno Error, byte Type, ulong NBytes)>();
        var clocks = new List<(ulong UserData, ulong Deadline, int ClockId)>();

        for (var i = 0; i < count; i++)
        {
            var sub = subscriptions.AsSpan(i * SubscriptionSize, SubscriptionSize);
            var userData = BinaryPrimitives.ReadUInt64LittleEndian(sub);
            var tag = sub[8];
            switch (tag)
            {
                case WasiFlags.EventClock:
                    var clockId = (int)BinaryPrimitives.ReadUInt32LittleEndian(sub[16..]);
                    var timeout = BinaryPrimitives.ReadUInt64LittleEndian(sub[24..]);
                    var absolute = (BinaryPrimitives.ReadUInt16LittleEndian(sub[40..]) & 1) != 0;
                    if (!TryNow(clockId, out var now))
                    {
                        events.Add((userData, Errno.Inval, tag, 0));
                        break;
                    }

                    var deadline = absolute ? timeout : now + timeout;
                    clocks.Add((userData, deadline < now ? now : deadline, clockId));
                    break;
                case WasiFlags.EventFdRead:
                case WasiFlags.EventFdWrite:
                    var fd = (int)BinaryPrimitives.ReadUInt32LittleEndian(sub[16..]);
                    events.Add(FdReadiness(userData, tag, fd));
                    break;
                default:
                    return Errno.Inval;
            }
        }

        if (events.Count == 0 && clocks.Count > 0)
        {
            // Sleep until the earliest deadline, measured on that subscription's own clock.
            // Thread.Sleep has millisecond granularity and may wake early, so sleep in rounded-up
            // slices (at most SleepSliceMs, to notice interrupts) until the deadline has passed.
            var first = clocks.MinBy(c => RemainingNanos(c.ClockId, c.Deadline));
            ulong remaining;
            while ((remaining = RemainingNanos(first.ClockId, first.Deadline)) > 0)
            {
                Thread.Sleep((int)Math.Min((remaining + 999_999) / 1_000_000, SleepSliceMs));
                checkInterrupt?.Invoke();
            }
        }

        foreach (var clock in clocks)
        {
            if (RemainingNanos(clock.ClockId, clock.Deadline) == 0)
            {
                events.Add((clock.UserData, Errno.Success, WasiFlags.EventClock, 0));
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            var e = outPtr + (i * EventSize);
            mem.Span(e, EventSize).Clear();
            mem.WriteU64(e, events[i].UserData);
            mem.WriteU16(e + 8, (ushort)events[i].Error);
            mem.WriteU8(e + 10, events[i].Type);
            mem.WriteU64(e + 16, events[i].NBytes);
        }

        mem.WriteU32(neventsPtr, (uint)events.Count);
        return Errno.Success;
    }

    private ulong RemainingNanos(int clockId, ulong deadline) =>
        TryNow(clockId, out var now) && deadline > now ? deadline - now : 0;

    private (ulong, Errno, byte, ulong) FdReadiness(ulong userData, byte type, int fd)
    {
        if (!TryGet(fd, out var entry))
        {
            return (userData, Errno.Badf, type, 0);
        }

        return entry switch
        {
            FileFd f when type == WasiFlags.EventFdRead =>
                (userData, Errno.Success, type, (ulong)Math.Max(0, RandomAccess.GetLength(f.Handle) - f.Position)),
            FileFd or StreamFd => (userData, Errno.Success, type, 0),
            _ => (userData, Errno.Badf, type, 0),
        };
    }
}
