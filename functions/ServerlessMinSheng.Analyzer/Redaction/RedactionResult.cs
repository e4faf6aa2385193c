namespace ServerlessMinSheng.Analyzer.Redaction;

/// <summary>The kinds of personal data removed before a request is shown publicly.</summary>
public enum PiiKind
{
    MobilePhone,
    Landline,
    IdNumber,
    Email,
    BankCard,
    LicencePlate,
    UnitAddress,
}

/// <summary>A redacted stretch of the original text (offsets into the original, not the result).</summary>
public sealed record RedactionSpan(int Start, int Length, PiiKind Kind, string Replacement);

/// <summary>The text with personal data replaced, and where each replacement came from.</summary>
public sealed record RedactionResult(string Text, IReadOnlyList<RedactionSpan> Spans)
{
    public bool HasRedactions => Spans.Count > 0;
}
