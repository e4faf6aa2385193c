using ServerlessMinSheng.Storage;
using ServerlessMinSheng.Storage.Blobs;
using ServerlessMinSheng.Storage.Queues;
using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Functions.Storage;

public static partial class StorageRegistration
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    /// <summary>
    /// The storage account from <c>AzureWebJobsStorage</c> (the setting the Functions host uses too). It is
    /// parsed here, at startup, so a malformed value stops the app with a message instead of failing later.
    /// Storage being down is not a startup error: the app starts and reports it on /api/health.
    /// </summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var raw = builder.Configuration[ConnectionSetting];
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new StartupException($"{ConnectionSetting} is not set. Give it a storage connection string, e.g. UseDevelopmentStorage=true for Azurite on its default ports.");
        }

        StorageConnectionString account;
        try
        {
            account = StorageConnectionString.Parse(raw);
        }
        catch (FormatException ex)
        {
            throw new StartupException($"{ConnectionSetting} is malformed: {ex.Message}", ex);
        }

        builder.Services.AddSingleton(account);
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("ServerlessMinSheng.Storage");
            return new StorageClientOptions
            {
                OnRetry = e => LogRetry(logger, e.Method, e.Uri.AbsolutePath, e.Attempt, e.Delay.TotalMilliseconds, e.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? e.Exception?.Message ?? "?"),
            };
        });
        builder.Services.AddSingleton(sp => new TableServiceClient(account, sp.GetRequiredService<StorageClientOptions>()));
        builder.Services.AddSingleton(sp => new QueueServiceClient(account, sp.GetRequiredService<StorageClientOptions>()));
        builder.Services.AddSingleton(sp => new BlobServiceClient(account, sp.GetRequiredService<StorageClientOptions>()));
        builder.Services.AddSingleton<AppTables>();
        return builder;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Method} {Path} failed transiently ({Reason}); retry {Attempt} in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, string method, string path, int attempt, double delayMs, string reason);
}
