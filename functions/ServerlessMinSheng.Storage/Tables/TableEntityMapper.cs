using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;

namespace ServerlessMinSheng.Storage.Tables;

/// <summary>
/// Maps entity classes to and from their stored properties: every public read-write property except the
/// system ones, unless marked <see cref="IgnoreDataMemberAttribute"/>. Enums are stored by name, like the
/// Azure SDK does, so reordering an enum never changes stored meaning.
/// </summary>
internal static class TableEntityMapper
{
    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal)
    {
        nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey), nameof(ITableEntity.Timestamp), nameof(ITableEntity.ETag),
    };

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Maps = new();

    public static IEnumerable<KeyValuePair<string, object?>> GetProperties(ITableEntity entity)
    {
        if (entity is TableEntity bag)
        {
            return bag;
        }

        return PropertiesOf(entity.GetType()).Select(p => new KeyValuePair<string, object?>(p.Name, ToStored(p.GetValue(entity))));
    }

    public static T Create<T>(TableEntity stored)
        where T : class, ITableEntity, new()
    {
        if (stored is T same)
        {
            return same;
        }

        var entity = new T
        {
            PartitionKey = stored.PartitionKey,
            RowKey = stored.RowKey,
            Timestamp = stored.Timestamp,
            ETag = stored.ETag,
        };
        foreach (var property in PropertiesOf(typeof(T)))
        {
            if (stored.TryGetValue(property.Name, out var value) && value is not null)
            {
                property.SetValue(entity, FromStored(value, property));
            }
        }

        return entity;
    }

    private static PropertyInfo[] PropertiesOf(Type type) => Maps.GetOrAdd(type, static t =>
    {
        var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
            .Where(p => !SystemProperties.Contains(p.Name) && p.GetCustomAttribute<IgnoreDataMemberAttribute>() is null)
            .ToArray();
        foreach (var p in properties)
        {
            var underlying = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (!IsSupported(underlying))
            {
                throw new NotSupportedException(
                    $"{t.Name}.{p.Name} is a {p.PropertyType.Name}, which Table Storage cannot hold; use string, int, long, double, bool, " +
                    "DateTime(Offset), Guid, byte[] or an enum, or mark it [IgnoreDataMember].");
            }
        }

        return properties;
    });

    private static bool IsSupported(Type t) => t.IsEnum || t == typeof(string) || t == typeof(int) || t == typeof(long)
        || t == typeof(double) || t == typeof(bool) || t == typeof(DateTime) || t == typeof(DateTimeOffset)
        || t == typeof(Guid) || t == typeof(byte[]);

    private static object? ToStored(object? value) => value switch
    {
        Enum e => e.ToString(),
        _ => value,
    };

    private static object FromStored(object value, PropertyInfo property)
    {
        var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        try
        {
            return target switch
            {
                _ when target.IsInstanceOfType(value) => value,
                _ when target.IsEnum => value is string s ? Enum.Parse(target, s) : Enum.ToObject(target, value),
                _ when target == typeof(string) => Convert.ToString(value, CultureInfo.InvariantCulture)!,
                _ when target == typeof(DateTime) => value is DateTimeOffset d ? d.UtcDateTime : Convert.ToDateTime(value, CultureInfo.InvariantCulture),
                _ when target == typeof(DateTimeOffset) => value is DateTime d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture),
                _ when target == typeof(Guid) => Guid.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
                _ => Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or ArgumentException or OverflowException)
        {
            throw new InvalidCastException(
                $"Stored property '{property.Name}' ({value.GetType().Name} '{value}') cannot be read as {property.PropertyType.Name} on {property.DeclaringType?.Name}.", ex);
        }
    }
}
