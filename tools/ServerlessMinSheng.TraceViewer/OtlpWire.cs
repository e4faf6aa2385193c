using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ServerlessMinSheng.TraceViewer;

/// <summary>
/// Just enough of the protobuf wire format to read OTLP spans (OpenTelemetry.Proto is not to be had here):
/// varints, fixed 32/64-bit values and length-delimited fields; anything else is skipped by its wire type.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public bool TryReadTag(out int field, out int wireType)
    {
        if (_position >= _data.Length)
        {
            field = wireType = 0;
            return false;
        }

        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return field > 0 ? true : throw new FormatException($"Field number 0 at byte {_position}.");
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _position < _data.Length ? _data[_position++] : throw new FormatException("A varint runs past the end.");
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("A varint is longer than 10 bytes.");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new FormatException($"A field of {length} bytes runs past the end.");
        }

        var bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public void Skip(int wireType)
    {
        _ = wireType switch
        {
            0 => ReadVarint(),
            1 => ReadFixed64(),
            2 => (ulong)ReadBytes().Length,
            5 => ReadFixed32(),
            _ => throw new FormatException($"Wire type {wireType} is not supported (groups are deprecated)."),
        };
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_data.Length - _position < count)
        {
            throw new FormatException($"A fixed {count}-byte value runs past the end.");
        }

        _position += count;
        return _data.Slice(_position - count, count);
    }
}

/// <summary>One span of an OTLP export. Ids are lowercase hex; <see cref="ParentSpanId"/> is empty for a root.</summary>
internal sealed record OtlpSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, ulong StartUnixNano, ulong EndUnixNano,
    string Service, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<string> Links, bool Failed)
{
    public static readonly string[] KindNames = ["unspecified", "internal", "server", "client", "producer", "consumer"];

    public double DurationMs => (EndUnixNano - StartUnixNano) / 1e6;

    /// <summary>The spans of an ExportTraceServiceRequest: resource_spans(1) → scope_spans(2) → spans(2).</summary>
    public static List<OtlpSpan> ReadExport(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Fields(request, 1))
        {
            var service = string.Empty;
            foreach (var resource in Fields(resourceSpans, 1))
            {
                service = ReadAttributes(resource, 1).GetValueOrDefault("service.name", service);
            }

            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                {
                    spans.Add(ReadSpan(span, service));
                }
            }
        }

        return spans;
    }

    private static OtlpSpan ReadSpan(ReadOnlySpan<byte> span, string service)
    {
        string traceId = "", spanId = "", parentId = "", name = "";
        var kind = 0;
        ulong start = 0, end = 0;
        var failed = false;
        var links = new List<string>();
        var reader = new ProtoReader(span);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 2): traceId = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (2, 2): spanId = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (4, 2): parentId = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (5, 2): name = reader.ReadString(); break;
                case (6, 0): kind = (int)reader.ReadVarint(); break;
                case (7, 1): start = reader.ReadFixed64(); break;
                case (8, 1): end = reader.ReadFixed64(); break;
                case (13, 2): links.Add(Convert.ToHexStringLower(Fields(reader.ReadBytes(), 2).FirstOrDefault() ?? [])); break;
                case (15, 2): failed = IsError(reader.ReadBytes()); break;
                default: reader.Skip(wireType); break;
            }
        }

        return new OtlpSpan(traceId, spanId, parentId, name, kind, start, end, service, ReadAttributes(span, 9), links, failed);
    }

    /// <summary>KeyValue(key 1, AnyValue 2) fields; AnyValue's string 1, bool 2, int 3 and double 4 are read, the rest shown as "…".</summary>
    private static Dictionary<string, string> ReadAttributes(ReadOnlySpan<byte> message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Fields(message, field))
        {
            var reader = new ProtoReader(keyValue);
            string key = "", value = "…";
            while (reader.TryReadTag(out var f, out var wireType))
            {
                if (f == 1 && wireType == 2)
                {
                    key = reader.ReadString();
                }
                else if (f == 2 && wireType == 2)
                {
                    var any = new ProtoReader(reader.ReadBytes());
                    while (any.TryReadTag(out var anyField, out var anyType))
                    {
                        value = (anyField, anyType) switch
                        {
                            (1, 2) => any.ReadString(),
                            (2, 0) => any.ReadVarint() != 0 ? "true" : "false",
                            (3, 0) => ((long)any.ReadVarint()).ToString(CultureInfo.InvariantCulture),
                            (4, 1) => BitConverter.Int64BitsToDouble((long)any.ReadFixed64()).ToString(CultureInfo.InvariantCulture),
                            _ => SkipAndElide(ref any, anyType),
                        };
                    }
                }
                else
                {
                    reader.Skip(wireType);
                }
            }

            attributes[key] = value;
        }

        return attributes;
    }

    /// <summary>Status: code(3) 2 is STATUS_CODE_ERROR.</summary>
    private static bool IsError(ReadOnlySpan<byte> status)
    {
        var reader = new ProtoReader(status);
        var error = false;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 3 && wireType == 0)
            {
                error = reader.ReadVarint() == 2;
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return error;
    }

    private static string SkipAndElide(ref ProtoReader reader, int wireType)
    {
        reader.Skip(wireType);
        return "…";
    }

    /// <summary>The bytes of every occurrence of one length-delimited field.</summary>
    private static List<byte[]> Fields(ReadOnlySpan<byte> message, int field)
    {
        var found = new List<byte[]>();
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var f, out var wireType))
        {
            if (f == field && wireType == 2)
            {
                found.Add(reader.ReadBytes().ToArray());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return found;
    }
}
