using System.Buffers.Binary;
using System.Text;
using ServerlessMinSheng.TraceViewer;

namespace ServerlessMinSheng.Functions.Tests.Telemetry;

public class OtlpWireTests
{
    private static readonly byte[] TraceId = Convert.FromHexString("0af7651916cd43dd8448eb211c80319c");
    private static readonly byte[] ParentId = Convert.FromHexString("b7ad6b7169203331");
    private static readonly byte[] SpanId = Convert.FromHexString("00f067aa0ba902b7");

    [Fact]
    public void ASpanIsReadFromResourceAndScopeWithItsIdsNameTimesAttributesAndStatus()
    {
        var span = Message(
            Bytes(1, TraceId), Bytes(2, SpanId), Text(3, "vendor=x"), Bytes(4, ParentId), Text(5, "TriageRequests"), Varint(6, 5),
            Fixed64(7, 1_000_000), Fixed64(8, 3_500_000),
            Bytes(9, Message(Text(1, "messaging.destination.name"), Bytes(2, Message(Text(1, "triage"))))),
            Bytes(9, Message(Text(1, "minsheng.dequeue_count"), Bytes(2, Message(Varint(3, 2))))),
            Bytes(9, Message(Text(1, "retry"), Bytes(2, Message(Varint(2, 1))))),
            Bytes(13, Message(Bytes(1, TraceId), Bytes(2, ParentId))),
            Bytes(15, Message(Text(2, "boom"), Varint(3, 2))));
        var resource = Message(Bytes(1, Message(Text(1, "service.name"), Bytes(2, Message(Text(1, "ServerlessMinSheng"))))));
        var export = Message(Bytes(1, Message(Bytes(1, resource), Bytes(2, Message(Bytes(1, Message(Text(1, "ServerlessMinSheng"))), Bytes(2, span))))));

        var read = Assert.Single(OtlpSpan.ReadExport(export));

        Assert.Equal("0af7651916cd43dd8448eb211c80319c", read.TraceId);
        Assert.Equal("00f067aa0ba902b7", read.SpanId);
        Assert.Equal("b7ad6b7169203331", read.ParentSpanId);
        Assert.Equal("TriageRequests", read.Name);
        Assert.Equal("consumer", OtlpSpan.KindNames[read.Kind]);
        Assert.Equal(2.5, read.DurationMs);
        Assert.Equal("ServerlessMinSheng", read.Service);
        Assert.Equal("triage", read.Attributes["messaging.destination.name"]);
        Assert.Equal("2", read.Attributes["minsheng.dequeue_count"]);
        Assert.Equal("true", read.Attributes["retry"]);
        Assert.Equal(["b7ad6b7169203331"], read.Links);
        Assert.True(read.Failed);
    }

    [Fact]
    public void FieldsOfEveryWireTypeThatTheReaderDoesNotKnowAreSkipped()
    {
        var span = Message(Fixed32(99, 7), Varint(98, 300), Fixed64(97, 1), Bytes(96, [1, 2, 3]), Bytes(2, SpanId), Text(5, "root"), Varint(1234, ulong.MaxValue));
        var export = Message(Bytes(1, Message(Text(3, "https://schema"), Bytes(2, Message(Bytes(2, span))))));

        var read = Assert.Single(OtlpSpan.ReadExport(export));

        Assert.Equal("root", read.Name);
        Assert.Equal(string.Empty, read.ParentSpanId);
        Assert.False(read.Failed);
    }

    [Fact]
    public void AVarintOfManyBytesIsReadWhole()
    {
        var reader = new ProtoReader(Varint(1, 1UL << 62));
        Assert.True(reader.TryReadTag(out var field, out var wireType));
        Assert.Equal((1, 0), (field, wireType));
        Assert.Equal(1UL << 62, reader.ReadVarint());
        Assert.False(reader.TryReadTag(out _, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 0x01 })] // A length-delimited field longer than what is left.
    [InlineData(new byte[] { 0x08, 0x80 })] // A varint that never ends.
    [InlineData(new byte[] { 0x09, 0x01, 0x02 })] // A fixed64 cut short.
    [InlineData(new byte[] { 0x0B })] // Wire type 3 (a group).
    [InlineData(new byte[] { 0x00 })] // Field number 0.
    public void MalformedInputIsAFormatException(byte[] export) =>
        Assert.Throws<FormatException>(() => OtlpSpan.ReadExport(export));

    private static byte[] Message(params byte[][] fields) => [.. fields.SelectMany(f => f)];

    private static byte[] Tag(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

    private static byte[] Varint(int field, ulong value) => [.. Tag(field, 0), .. Raw(value)];

    private static byte[] Fixed64(int field, ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return [.. Tag(field, 1), .. bytes];
    }

    private static byte[] Fixed32(int field, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return [.. Tag(field, 5), .. bytes];
    }

    private static byte[] Bytes(int field, byte[] value) => [.. Tag(field, 2), .. Raw((ulong)value.Length), .. value];

    private static byte[] Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Raw(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
