using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;

namespace ServerlessMinSheng.Functions.Storage;

public static class StorageRegistration
{
    public const string ConnectionSetting = StorageAccount.Setting;

    /// <summary>
    /// The Table, Queue and Blob service clients, registered once with <c>AddAzureClients</c> from the
    /// Functions-standard storage settings (see <see cref="StorageAccount"/>), sharing the transport and
    /// retry policy of <see cref="StorageClients"/>. Settings are read here, at start-up: a malformed value
    /// stops the app with exit code 2 and a message naming the setting.
    /// </summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var account = StorageAccount.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(account);
        builder.Services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, _, services) => account.CreateTableServiceClient(Configured(options, services)));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, _, services) =>
            {
                options.MessageEncoding = QueueMessageEncoding.Base64;
                return account.CreateQueueServiceClient(Configured(options, services));
            });
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, _, services) => account.CreateBlobServiceClient(Configured(options, services)));
        });
        builder.Services.AddSingleton<AppTables>();
        return builder;
    }

    private static T Configured<T>(T options, IServiceProvider services)
        where T : Azure.Core.ClientOptions
    {
        StorageClients.Configure(options, hooks: services.GetService<StorageClientHooks>());
        return options;
    }
}
