using ServerlessMinSheng.Analyzer.Classification;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>Dispatches a verb; exit codes: 0 success, 1 failure (bad data, refused model), 2 usage error.</summary>
internal static class CommandLine
{
    private static readonly string UsageText = string.Join(
        Environment.NewLine,
        "usage: sms-analyzer VERB [options]",
        "  " + TrainCommand.Usage,
        "  " + ClassifyCommand.Usage,
        "  " + EvalCommand.Usage,
        "  " + CrossValidateCommand.Usage,
        "  " + ClusterCommand.Usage,
        "  " + RedactCommand.Usage);

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(UsageText);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var options = new Arguments(args.Skip(1));
            return args[0] switch
            {
                "train" => TrainCommand.Run(options, output, error),
                "eval" => EvalCommand.Run(options, output, error),
                "classify" => ClassifyCommand.Run(options, output, error),
                "redact" => RedactCommand.Run(options, input, output),
                "cluster" => ClusterCommand.Run(options, output, error),
                "cv" => CrossValidateCommand.Run(options, output, error),
                _ => throw new UsageException($"Unknown verb '{args[0]}'."),
            };
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine(UsageText);
            return 2;
        }
        catch (ModelFormatException e)
        {
            error.WriteLine($"error: model refused: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
