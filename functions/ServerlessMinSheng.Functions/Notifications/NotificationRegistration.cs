using Microsoft.Extensions.Options;
using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Notifications;

public static class NotificationRegistration
{
    /// <summary>
    /// The outbox, its delivery function and the channels behind it: in-app and partner callbacks always, SMS and
    /// WeChat template messages when switched on (<c>Notifications:Sms</c>, <c>Notifications:WeChat</c>; a channel
    /// switched on without its endpoint, template or secret stops the app at start-up). HTTP sends time out after 10 s; the queue retries.
    /// </summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<NotificationOutbox>();
        services.AddHttpClient(PartnerCallbackChannel.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(MessageGatewayChannel.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<INotificationChannel, InAppChannel>();
        services.AddSingleton<INotificationChannel, PartnerCallbackChannel>();
        services.AddResidentChannel<SmsChannel, SmsOptions>(builder.Configuration.GetSection("Notifications:Sms"));
        services.AddResidentChannel<WeChatChannel, WeChatOptions>(builder.Configuration.GetSection("Notifications:WeChat"));
        services.AddQueueFunction<DeliverNotification>(NotificationOutbox.QueueName);
        return builder;
    }

    private static void AddResidentChannel<TChannel, TOptions>(this IServiceCollection services, IConfigurationSection section)
        where TChannel : class, IResidentMessageChannel
        where TOptions : MessageGatewayOptions
    {
        services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new MessageGatewayValidation<TOptions>(section.Path));
        services.AddSingleton<TChannel>();
        services.AddSingleton<INotificationChannel>(sp => sp.GetRequiredService<TChannel>());
        services.AddSingleton<IResidentMessageChannel>(sp => sp.GetRequiredService<TChannel>());
    }
}
