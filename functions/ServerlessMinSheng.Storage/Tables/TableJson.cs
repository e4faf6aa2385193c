using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace ServerlessMinSheng.Storage.Tables;

/// <summary>
/// OData JSON for entities. Types JSON cannot carry (Int64, DateTime, Guid, Binary, and Double to keep
/// 3.0 a double) are written with a <c>Prop@odata.type</c> annotation; reading uses the annotations
/// that <c>odata=minimalmetadata</c> returns.
/// </summary>
internal static class TableJson
{
    private const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static byte[] Serialize(ITableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", entity.PartitionKey);
            writer.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in TableEntityMapper.GetProperties(entity))
            {
                WriteProperty(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static TableEntity ReadEntity(JsonElement json)
    {
        var entity = new TableEntity();
        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            if (name.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            switch (name)
            {
                case "odata.etag":
                    entity.ETag = new ETag(property.Value.GetString() ?? string.Empty);
                    continue;
                case "PartitionKey":
                    entity.PartitionKey = property.Value.GetString() ?? string.Empty;
                    continue;
                case "RowKey":
                    entity.RowKey = property.Value.GetString() ?? string.Empty;
                    continue;
                case "Timestamp":
                    entity.Timestamp = ParseDate(property.Value.GetString());
                    continue;
                default:
                    if (name.StartsWith("odata.", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var type = json.TryGetProperty(name + "@odata.type", out var t) ? t.GetString() : null;
                    entity[name] = ReadValue(property.Value, type, name);
                    continue;
            }
        }

        return entity;
    }

    public static string FormatDate(DateTimeOffset value) => value.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static void WriteProperty(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                return; // Table Storage has no nulls: an absent property is the null.
            case string s:
                writer.WriteString(name, s);
                return;
            case bool b:
                writer.WriteBoolean(name, b);
                return;
            case int or short or byte or sbyte or ushort:
                writer.WriteNumber(name, Convert.ToInt32(value, CultureInfo.InvariantCulture));
                return;
            case long or uint:
                Annotate(writer, name, "Edm.Int64");
                writer.WriteString(name, Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                return;
            case double or float:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                Annotate(writer, name, "Edm.Double");
                if (double.IsFinite(d))
                {
                    writer.WriteNumber(name, d);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                return;
            case DateTimeOffset dto:
                Annotate(writer, name, "Edm.DateTime");
                writer.WriteString(name, FormatDate(dto));
                return;
            case DateTime dt:
                Annotate(writer, name, "Edm.DateTime");
                writer.WriteString(name, FormatDate(new DateTimeOffset(DateTime.SpecifyKind(dt, dt.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dt.Kind))));
                return;
            case Guid g:
                Annotate(writer, name, "Edm.Guid");
                writer.WriteString(name, g.ToString("D"));
                return;
            case byte[] bytes:
                Annotate(writer, name, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                return;
            case ReadOnlyMemory<byte> data:
                Annotate(writer, name, "Edm.Binary");
                writer.WriteBase64String(name, data.Span);
                return;
            case Enum e:
                writer.WriteString(name, e.ToString());
                return;
            default:
                throw new NotSupportedException($"Property '{name}' is a {value.GetType().Name}, which Table Storage cannot hold.");
        }
    }

    private static void Annotate(Utf8JsonWriter writer, string name, string type) => writer.WriteString(name + "@odata.type", type);

    private static object? ReadValue(JsonElement value, string? type, string name)
    {
        try
        {
            return type switch
            {
                "Edm.Int64" => value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt64(),
                "Edm.Int32" => value.GetInt32(),
                "Edm.Double" => value.ValueKind == JsonValueKind.String ? ParseDoubleLiteral(value.GetString()!) : value.GetDouble(),
                "Edm.DateTime" => ParseDate(value.GetString()),
                "Edm.Guid" => Guid.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                "Edm.Binary" => value.GetBytesFromBase64(),
                "Edm.Boolean" => value.GetBoolean(),
                _ => value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => value.TryGetInt32(out var i) ? (object)i : value.GetDouble(),
                    JsonValueKind.Null => null,
                    _ => value.GetRawText(),
                },
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new FormatException($"Property '{name}' of type {type ?? value.ValueKind.ToString()} has an unreadable value.", ex);
        }
    }

    private static double ParseDoubleLiteral(string s) => s switch
    {
        "NaN" => double.NaN,
        "Infinity" or "INF" => double.PositiveInfinity,
        "-Infinity" or "-INF" => double.NegativeInfinity,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset? ParseDate(string? s) =>
        s is null ? null : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
