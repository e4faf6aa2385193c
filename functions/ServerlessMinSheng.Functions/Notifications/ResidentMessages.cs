using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Projects;

namespace ServerlessMinSheng.Functions.Notifications;

/// <summary>
/// Which events reach residents by SMS or WeChat, and in what words. A text costs money and attention, so
/// only steps that ask something of the resident or settle what they asked for are sent: the reply to their
/// request (please rate it), and for the micro-project their request joined its approval, rejection or
/// cancellation (the reason is on the tracking page) and the start of its evaluation (please score it).
/// Dispatch, signing and escalations stay on the tracking page: they are the government's business, and
/// a resident texted at every internal step learns to ignore the texts that matter.
/// </summary>
public static class ResidentMessages
{
    /// <summary>Kept under 20 characters: SMS templates limit each variable (commonly to 35).</summary>
    private static readonly Dictionary<(string Lifecycle, string Action), string> Texts = new()
    {
        [(RequestLifecycle.Name, RequestLifecycle.Reply)] = "已有答复，请查看并评价",
        [(ProjectLifecycle.Name, ProjectLifecycle.Approve)] = "所纳入的民心微实事已通过审核",
        [(ProjectLifecycle.Name, ProjectLifecycle.Reject)] = "所纳入的民心微实事未获通过",
        [(ProjectLifecycle.Name, ProjectLifecycle.Cancel)] = "所纳入的民心微实事已取消",
        [(ProjectLifecycle.Name, ProjectLifecycle.OpenEvaluation)] = "所纳入的民心微实事已完工，请评分",
    };

    /// <summary>The words a resident is sent about this notice's event, or null when residents are not messaged about it.</summary>
    public static string? TextOf(Notification notice) => Texts.GetValueOrDefault((notice.Lifecycle, notice.Action));

    /// <summary>
    /// The notice for <paramref name="channel"/> about the event <paramref name="source"/> records, to the resident of
    /// <paramref name="request"/>. Its keys come from the event, not from the source notice, so every notice about
    /// the same event makes the same message notice.
    /// </summary>
    public static Notification For(Notification source, string channel, ResidentRequest request)
    {
        var code = request.Code;
        var eventId = Notification.EventIdOf(source.Lifecycle, source.EntityKey, source.Version);
        return new Notification
        {
            PartitionKey = NotificationOutbox.ForRequest(code),
            RowKey = $"{eventId}|{channel}",
            Channel = channel,
            EventId = source.Lifecycle == RequestLifecycle.Name ? eventId : $"{eventId}:{code}",
            Lifecycle = source.Lifecycle,
            EntityKey = source.EntityKey,
            Version = source.Version,
            Action = source.Action,
            Title = source.Title,
            Body = source.Body,
            At = source.At,
            TrackingCode = code,
            PartnerId = request.PartnerId,
            PartnerRef = request.PartnerRef,
            Status = source.Status,
            StatusLabel = source.StatusLabel,
        };
    }
}
