namespace ServerlessMinSheng.Storage.Queues;

/// <summary>A received message; it stays invisible to others until <see cref="NextVisibleOn"/> unless deleted with <see cref="PopReceipt"/>.</summary>
public sealed record QueueMessage(
    string MessageId,
    string PopReceipt,
    string MessageText,
    long DequeueCount,
    DateTimeOffset? InsertedOn,
    DateTimeOffset? ExpiresOn,
    DateTimeOffset? NextVisibleOn);

public sealed record PeekedMessage(string MessageId, string MessageText, long DequeueCount, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn);

public sealed record SendReceipt(string MessageId, string PopReceipt, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn, DateTimeOffset? NextVisibleOn);

public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset? NextVisibleOn);

public sealed record QueueProperties(int ApproximateMessagesCount);
