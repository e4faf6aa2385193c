using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ServerlessMinSheng.Storage.Tables;

/// <summary>
/// An entity as a property bag, for when no entity class fits (projections, tools, tests). Reading a
/// missing property gives null; the typed getters convert between compatible numeric and date types.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Mirrors the Azure SDK's TableEntity.")]
public sealed class TableEntity : ITableEntity, IDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _properties = new(StringComparer.Ordinal);

    public TableEntity()
    {
    }

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public ICollection<string> Keys => _properties.Keys;

    public ICollection<object?> Values => _properties.Values;

    public int Count => _properties.Count;

    public bool IsReadOnly => false;

    public object? this[string key]
    {
        get => _properties.GetValueOrDefault(key);
        set => _properties[key] = value;
    }

    public string? GetString(string key) => this[key] switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    public int? GetInt32(string key) => this[key] is { } v ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : null;

    public long? GetInt64(string key) => this[key] is { } v ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;

    public double? GetDouble(string key) => this[key] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;

    public bool? GetBoolean(string key) => this[key] is { } v ? Convert.ToBoolean(v, CultureInfo.InvariantCulture) : null;

    public DateTimeOffset? GetDateTimeOffset(string key) => this[key] switch
    {
        null => null,
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        var other => throw new InvalidCastException($"Property '{key}' holds a {other.GetType().Name}, not a date."),
    };

    public Guid? GetGuid(string key) => this[key] switch
    {
        null => null,
        Guid g => g,
        string s => Guid.Parse(s, CultureInfo.InvariantCulture),
        var other => throw new InvalidCastException($"Property '{key}' holds a {other.GetType().Name}, not a GUID."),
    };

    public byte[]? GetBinary(string key) => this[key] switch
    {
        null => null,
        byte[] b => b,
        ReadOnlyMemory<byte> b => b.ToArray(),
        var other => throw new InvalidCastException($"Property '{key}' holds a {other.GetType().Name}, not binary data."),
    };

    public void Add(string key, object? value) => _properties.Add(key, value);

    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    public bool Remove(string key) => _properties.Remove(key);

    public bool TryGetValue(string key, out object? value) => _properties.TryGetValue(key, out value);

    public void Add(KeyValuePair<string, object?> item) => _properties.Add(item.Key, item.Value);

    public void Clear() => _properties.Clear();

    public bool Contains(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);

    public bool Remove(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
