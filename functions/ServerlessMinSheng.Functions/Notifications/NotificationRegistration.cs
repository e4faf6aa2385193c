using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Notifications;

public static class NotificationRegistration
{
    /// <summary>The outbox, its delivery function, and the HTTP client for partner callbacks (10 s timeout; the queue retries).</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationOutbox>();
        builder.Services.AddHttpClient(DeliverNotification.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddQueueFunction<DeliverNotification>(NotificationOutbox.QueueName);
        return builder;
    }
}
