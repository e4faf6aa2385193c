using System.Globalization;
using ServerlessMinSheng.Analyzer.Redaction;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>`redact`: copies stdin to stdout line by line with personal data replaced.</summary>
internal static class RedactCommand
{
    public const string Usage = "redact [--spans FILE]   (stdin to stdout; --spans writes line, start, length, kind per redaction)";

    public static int Run(Arguments args, TextReader input, TextWriter output)
    {
        var spansPath = args.Optional("spans");
        args.RejectUnknown();
        using var spans = spansPath is null ? null : new StreamWriter(spansPath);
        spans?.Write("line\tstart\tlength\tkind\n");
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            var result = PiiRedactor.Redact(line);
            output.WriteLine(result.Text);
            foreach (var span in result.Spans)
            {
                spans?.Write(string.Create(CultureInfo.InvariantCulture, $"{lineNumber}\t{span.Start}\t{span.Length}\t{span.Kind}\n"));
            }
        }

        return 0;
    }
}
