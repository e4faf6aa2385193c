namespace ServerlessMinSheng.Storage;

/// <summary>
/// An entity's or blob's version tag, passed back verbatim in <c>If-Match</c>
/// (Azurite's table ETags look like <c>W/"datetime'…'"</c>; never parse or rebuild them).
/// </summary>
public readonly record struct ETag
{
    public ETag(string value) => Value = value ?? string.Empty;

    /// <summary>Matches any version: an unconditional write.</summary>
    public static ETag All { get; } = new("*");

    public string Value { get; }

    public bool IsEmpty => string.IsNullOrEmpty(Value);

    public override string ToString() => Value;
}
