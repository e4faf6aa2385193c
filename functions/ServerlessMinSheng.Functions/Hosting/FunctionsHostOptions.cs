namespace ServerlessMinSheng.Functions.Hosting;

public enum FunctionsHostMode
{
    /// <summary>The app runs alone (development, tests): its built-in runtime drives queue and timer functions.</summary>
    Local,

    /// <summary>The Azure Functions host drives the app as a custom handler; the built-in runtime is off.</summary>
    CustomHandler,
}

/// <summary>Configuration section <c>Functions</c>.</summary>
public sealed class FunctionsHostOptions
{
    public const string Section = "Functions";

    /// <summary>Set by the Functions host for a custom handler; its presence switches to <see cref="FunctionsHostMode.CustomHandler"/>.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public FunctionsHostMode Mode { get; set; } = FunctionsHostMode.Local;

    /// <summary>Time zone the timer schedules are read in (the Functions host uses WEBSITE_TIME_ZONE the same way).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public LocalRuntimeOptions LocalRuntime { get; set; } = new();
}

/// <summary>How the built-in runtime polls and retries; defaults follow the Functions host's queue trigger.</summary>
public sealed class LocalRuntimeOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Messages handled at once per queue.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>A message that failed this many times moves to <c>&lt;queue&gt;-poison</c>.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a received message stays hidden while its handler runs; renewed at half-time, so a crash frees it this soon.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Delay before the first retry of a failed message; doubles with each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>An idle queue is polled at most this far apart (the app's own sends wake it at once).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);
}
