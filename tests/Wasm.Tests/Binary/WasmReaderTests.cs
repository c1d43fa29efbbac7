using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Tests.Binary;

public class WasmReaderTests
{
    [Theory]
    [InlineData(new byte[] { 0x00 }, 0u)]
    [InlineData(new byte[] { 0x7F }, 127u)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128u)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0u)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, uint.MaxValue)]
    public void ReadU32_ValidEncoding_ReturnsValue(byte[] bytes, uint expected)
    {
        var reader = new WasmReader(bytes);
        Assert.Equal(expected, reader.ReadU32());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, "integer too large")]
    [InlineData(new byte[] { 0x80 }, WasmReader.UnexpectedEnd)]
    public void ReadU32_BadEncoding_ThrowsMalformed(byte[] bytes, string message)
    {
        var e = Assert.Throws<WasmMalformedException>(() => new WasmReader(bytes).ReadU32());
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, -1)]
    [InlineData(new byte[] { 0x40 }, -64)]
    [InlineData(new byte[] { 0x3F }, 63)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    public void ReadS32_ValidEncoding_ReturnsValue(byte[] bytes, int expected) =>
        Assert.Equal(expected, new WasmReader(bytes).ReadS32());

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // sign bit clear, unused bits set
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 })] // sign bit set, unused bits partly clear
    public void ReadS32_UnusedBitsNotSignExtension_ThrowsTooLarge(byte[] bytes)
    {
        var e = Assert.Throws<WasmMalformedException>(() => new WasmReader(bytes).ReadS32());
        Assert.Equal("integer too large", e.Message);
    }

    [Fact]
    public void ReadS64_ExtremeValues_RoundTrip()
    {
        Assert.Equal(long.MinValue, new WasmReader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F]).ReadS64());
        Assert.Equal(long.MaxValue, new WasmReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]).ReadS64());
    }

    [Fact]
    public void ReadS64_ElevenBytes_ThrowsTooLong()
    {
        var bytes = new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 };
        var e = Assert.Throws<WasmMalformedException>(() => new WasmReader(bytes).ReadS64());
        Assert.Equal("integer representation too long", e.Message);
    }

    [Fact]
    public void ReadS33_TypeIndexBeyondInt32_Decodes() =>
        Assert.Equal(0x1_0000_0000L - 1, new WasmReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]).ReadS33());

    [Fact]
    public void ReadName_ValidUtf8_ReturnsString() =>
        Assert.Equal("héllo", new WasmReader([0x06, (byte)'h', 0xC3, 0xA9, (byte)'l', (byte)'l', (byte)'o']).ReadName());

    [Theory]
    [InlineData(new byte[] { 0x02, 0xC0, 0x80 })] // overlong NUL
    [InlineData(new byte[] { 0x03, 0xED, 0xA0, 0x80 })] // surrogate half
    [InlineData(new byte[] { 0x01, 0xFF })]
    public void ReadName_InvalidUtf8_ThrowsMalformed(byte[] bytes)
    {
        var e = Assert.Throws<WasmMalformedException>(() => new WasmReader(bytes).ReadName());
        Assert.Equal("malformed UTF-8 encoding", e.Message);
    }

    [Fact]
    public void ReadName_LengthBeyondInput_ThrowsLengthOutOfBounds()
    {
        var e = Assert.Throws<WasmMalformedException>(() => new WasmReader([0x05, (byte)'a']).ReadName());
        Assert.Equal("length out of bounds", e.Message);
    }

    [Fact]
    public void ReadCount_CountBeyondInput_IsCappedAtBytesLeftPlusOne()
    {
        var reader = new WasmReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x00]);
        Assert.Equal(3, reader.ReadCount());
    }
}
