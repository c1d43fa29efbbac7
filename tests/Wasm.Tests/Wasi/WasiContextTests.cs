using System.Text;
using Wharf.Wasm.Wasi;

namespace Wharf.Wasm.Tests.Wasi;

public sealed class WasiContextTests
{
    private const int Out = WasiHarness.OutPtr;

    [Fact]
    public void ArgsGet_TwoArgs_WritesPointersAndNulTerminatedStrings()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Success, h.Context.ArgsSizesGet(h.Mem, Out, Out + 4));
        Assert.Equal(2u, h.U32(Out));
        Assert.Equal(5u + 7u, h.U32(Out + 4)); // "prog\0" + "héllo\0" (é is two bytes)
        Assert.Equal(Errno.Success, h.Context.ArgsGet(h.Mem, Out, WasiHarness.BufPtr));
        Assert.Equal((uint)WasiHarness.BufPtr, h.U32(Out));
        Assert.Equal((uint)WasiHarness.BufPtr + 5, h.U32(Out + 4));
        Assert.Equal("prog\0héllo\0", Encoding.UTF8.GetString(h.Bytes(WasiHarness.BufPtr, 12)));
    }

    [Fact]
    public void EnvironGet_TwoVariables_WritesKeyEqualsValue()
    {
        using var h = new WasiHarness();

        h.Context.EnvironSizesGet(h.Mem, Out, Out + 4);
        Assert.Equal(2u, h.U32(Out));
        Assert.Equal(10u, h.U32(Out + 4));

        h.Context.EnvironGet(h.Mem, Out, WasiHarness.BufPtr);

        Assert.Equal((uint)WasiHarness.BufPtr + 4, h.U32(Out + 4));
        Assert.Equal("A=1\0B=two\0", Encoding.UTF8.GetString(h.Bytes(WasiHarness.BufPtr, 10)));
    }

    [Fact]
    public void FdWrite_Stdout_WritesAllIovecs()
    {
        using var h = new WasiHarness();
        h.PutString(100, "hello ");
        h.PutString(200, "world");
        h.PutIovec(300, 100, 6);
        h.PutIovec(308, 200, 5);

        Assert.Equal(Errno.Success, h.Context.FdWrite(h.Mem, 1, 300, 2, Out));

        Assert.Equal(11u, h.U32(Out));
        Assert.Equal("hello world", Encoding.UTF8.GetString(h.Stdout.ToArray()));
    }

    [Fact]
    public void FdRead_Stdin_ReadsThenReportsEof()
    {
        using var h = new WasiHarness(stdin: "abc");

        Assert.Equal((Errno.Success, "abc"), h.Read(0));
        Assert.Equal((Errno.Success, ""), h.Read(0));
    }

    [Fact]
    public void FdWrite_IovecOutsideMemory_IsFault()
    {
        using var h = new WasiHarness();
        h.PutIovec(300, 65530, 100);

        Assert.Equal(Errno.Fault, WasiHarness.Call(() => h.Context.FdWrite(h.Mem, 1, 300, 1, Out)));
        Assert.Empty(h.Stdout.ToArray());
    }

    [Fact]
    public void FdWrite_UnknownFd_IsBadf()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Badf, h.Write(42, "x"));
        Assert.Equal(Errno.Badf, h.Write(0, "x")); // stdin is not writable
    }

    [Fact]
    public void FdSeek_Stdout_IsSpipe()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Spipe, WasiHarness.Call(() => h.Context.FdSeek(h.Mem, 1, 0, WasiFlags.WhenceCur, Out)));
    }

    [Fact]
    public void FdFdstatGet_Stdout_IsCharacterDeviceWithoutSeekRights()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Success, h.Context.FdFdstatGet(h.Mem, 1, Out));

        Assert.Equal((byte)Filetype.CharacterDevice, h.Bytes(Out, 1)[0]);
        Assert.Equal(0ul, h.U64(Out + 8) & ((1ul << 2) | (1ul << 5)));
    }

    [Fact]
    public void FdPrestat_Preopen_ReportsGuestName()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Success, h.Context.FdPrestatGet(h.Mem, 3, Out));
        Assert.Equal(0, h.Bytes(Out, 1)[0]);
        Assert.Equal(5u, h.U32(Out + 4));
        Assert.Equal(Errno.Success, h.Context.FdPrestatDirName(h.Mem, 3, WasiHarness.BufPtr, 5));
        Assert.Equal("/data", Encoding.UTF8.GetString(h.Bytes(WasiHarness.BufPtr, 5)));
        Assert.Equal(Errno.Badf, WasiHarness.Call(() => h.Context.FdPrestatGet(h.Mem, 4, Out)));
        Assert.Equal(Errno.Badf, h.Context.FdPrestatGet(h.Mem, 1, Out));
    }

    [Fact]
    public void ClockTimeGet_Monotonic_DoesNotGoBackwards()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Success, h.Context.ClockTimeGet(h.Mem, WasiFlags.ClockMonotonic, 1, Out));
        var first = h.U64(Out);
        Thread.Sleep(5);
        h.Context.ClockTimeGet(h.Mem, WasiFlags.ClockMonotonic, 1, Out);

        Assert.True(h.U64(Out) >= first + 4_000_000);
    }

    [Fact]
    public void ClockTimeGet_Realtime_IsNearNow()
    {
        using var h = new WasiHarness();

        h.Context.ClockTimeGet(h.Mem, WasiFlags.ClockRealtime, 1, Out);

        var now = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        Assert.InRange(h.U64(Out), now - 5_000_000_000, now + 1);
    }

    [Fact]
    public void ClockTimeGet_UnknownClock_IsInval()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Inval, h.Context.ClockTimeGet(h.Mem, 9, 1, Out));
        Assert.Equal(Errno.Inval, h.Context.ClockResGet(h.Mem, 9, Out));
    }

    [Fact]
    public void RandomGet_Buffer_IsFilled()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Success, WasiContext.RandomGet(h.Mem, WasiHarness.BufPtr, 64));

        Assert.Contains(h.Bytes(WasiHarness.BufPtr, 64).ToArray(), b => b != 0);
    }

    [Fact]
    public void ProcExit_Code_ThrowsExitException()
    {
        var e = Assert.Throws<WasmExitException>(() => WasiContext.ProcExit(7));

        Assert.Equal(7, e.ExitCode);
    }

    [Fact]
    public void SockCalls_NeverSockets_NotsockOrBadf()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Notsock, h.Context.SockCall(1));
        Assert.Equal(Errno.Badf, h.Context.SockCall(99));
    }

    [Fact]
    public void PollOneoff_RelativeClock_SleepsAndReportsEvent()
    {
        using var h = new WasiHarness();
        var sub = h.Bytes(WasiHarness.BufPtr, 48);
        sub.Clear();
        BitConverter.TryWriteBytes(sub, 0x1234ul);
        sub[8] = WasiFlags.EventClock;
        BitConverter.TryWriteBytes(sub[16..], WasiFlags.ClockMonotonic);
        BitConverter.TryWriteBytes(sub[24..], 20_000_000ul); // 20 ms
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(Errno.Success, h.Context.PollOneoff(h.Mem, WasiHarness.BufPtr, Out, 1, Out + 256));

        Assert.True(watch.ElapsedMilliseconds >= 18, $"slept {watch.ElapsedMilliseconds} ms");
        Assert.Equal(1u, h.U32(Out + 256));
        Assert.Equal(0x1234ul, h.U64(Out));
        Assert.Equal(0, h.Bytes(Out + 8, 2)[0]);
        Assert.Equal(WasiFlags.EventClock, h.Bytes(Out + 10, 1)[0]);
    }

    [Fact]
    public void PollOneoff_StdoutWrite_ReadyWithoutSleeping()
    {
        using var h = new WasiHarness();
        var sub = h.Bytes(WasiHarness.BufPtr, 96);
        sub.Clear();
        sub[0] = 1;
        sub[8] = WasiFlags.EventFdWrite;
        BitConverter.TryWriteBytes(sub[16..], 1);
        sub[48] = 2;
        sub[56] = WasiFlags.EventClock;
        BitConverter.TryWriteBytes(sub[64..], WasiFlags.ClockMonotonic);
        BitConverter.TryWriteBytes(sub[72..], 10_000_000_000ul); // 10 s: must not be waited for
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(Errno.Success, h.Context.PollOneoff(h.Mem, WasiHarness.BufPtr, Out, 2, Out + 256));

        Assert.True(watch.ElapsedMilliseconds < 2000);
        Assert.Equal(1u, h.U32(Out + 256));
        Assert.Equal(1ul, h.U64(Out));
        Assert.Equal(WasiFlags.EventFdWrite, h.Bytes(Out + 10, 1)[0]);
    }

    [Fact]
    public void PollOneoff_NoSubscriptions_IsInval()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Inval, h.Context.PollOneoff(h.Mem, WasiHarness.BufPtr, Out, 0, Out + 256));
    }

    [Fact]
    public void FdRenumber_PreopenOntoClosedFd_MovesEntry()
    {
        using var h = new WasiHarness();
        var (_, fd) = h.Open("f", WasiFlags.OCreat, write: true);

        Assert.Equal(Errno.Success, h.Context.FdRenumber(3, fd));
        Assert.Equal(Errno.Badf, WasiHarness.Call(() => h.Context.FdClose(3)));
        Assert.Equal(Errno.Success, h.Context.FdPrestatGet(h.Mem, fd, Out));
        Assert.Equal(Errno.Badf, WasiHarness.Call(() => h.Context.FdRenumber(3, fd)));
    }

    [Fact]
    public void FdWrite_HugeIovecCount_IsFaultNotCrash()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Fault, WasiHarness.Call(() => h.Context.FdWrite(h.Mem, 1, 0, int.MaxValue, Out)));
        Assert.Equal(Errno.Inval, WasiHarness.Call(() => h.Context.FdWrite(h.Mem, 1, 0, -1, Out)));
    }

    [Fact]
    public void PollOneoff_HugeCount_IsFault()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Fault, WasiHarness.Call(() => h.Context.PollOneoff(h.Mem, 0, 0, int.MaxValue, Out)));
    }

    [Fact]
    public void FdClose_Stdout_ThenWriteIsBadf()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Success, h.Context.FdClose(1));

        Assert.Equal(Errno.Badf, h.Write(1, "x"));
    }

    [Fact]
    public void ProcRaiseAndSchedYield_ReportNosysAndSuccess()
    {
        Assert.Equal(Errno.Nosys, WasiContext.ProcRaise(6));
        Assert.Equal(Errno.Inval, WasiContext.ProcRaise(99));
        Assert.Equal(Errno.Success, WasiContext.SchedYield());
    }

    [Fact]
    public void ClockResGet_KnownClocks_ArePositive()
    {
        using var h = new WasiHarness();

        for (var id = 0; id < 4; id++)
        {
            Assert.Equal(Errno.Success, h.Context.ClockResGet(h.Mem, id, Out));
            Assert.True(h.U64(Out) > 0);
        }
    }
}
