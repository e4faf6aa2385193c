using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>One way of delivering notices: in-app, partner callback, SMS, WeChat template message.</summary>
public interface INotificationChannel
{
    /// <summary>What notices for this channel carry in <see cref="Notification.Channel"/>.</summary>
    string Name { get; }

    /// <summary>
    /// Sends one notice: true when sent, false when there is nothing to send it to (it is recorded as skipped).
    /// A receiver that fails or refuses throws (<see cref="HttpRequestException"/>, a timeout, <see cref="DeliveryRefusedException"/>),
    /// so the queue tries again later.
    /// </summary>
    Task<bool> DeliverAsync(Notification notice, CancellationToken cancellationToken);
}

/// <summary>A channel that messages residents themselves (SMS, WeChat): off unless configured, and only for the events in <see cref="ResidentMessages"/>.</summary>
public interface IResidentMessageChannel : INotificationChannel
{
    bool Enabled { get; }

    /// <summary>This channel's notice about the event <paramref name="source"/> records, or null when the request's resident cannot be reached this way.</summary>
    Notification? NoticeFor(Notification source, ResidentRequest request);
}

/// <summary>In-app notices are read where they are shown (the tracking page, inboxes): recording them is the delivery.</summary>
public sealed class InAppChannel : INotificationChannel
{
    public string Name => Notification.InApp;

    public Task<bool> DeliverAsync(Notification notice, CancellationToken cancellationToken) => Task.FromResult(true);
}

/// <summary>The receiver answered with something other than 2xx; the message names the status and host, never the payload.</summary>
public sealed class DeliveryRefusedException(string message) : Exception(message);
