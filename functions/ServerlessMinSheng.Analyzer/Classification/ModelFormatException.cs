namespace ServerlessMinSheng.Analyzer.Classification;

/// <summary>A model file that is not ours, is from another format version, or is damaged.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException()
    {
    }

    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
