namespace ServerlessMinSheng.Functions;

/// <summary>Configuration that makes starting pointless (a malformed connection string): the message is printed and the app exits non-zero.</summary>
public sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
