using ServerlessMinSheng.Storage.Queues;

namespace ServerlessMinSheng.Storage.Tests;

public class QueueClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<QueueClient> NewQueueAsync(QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        var queue = azurite.Queues(new StorageClientOptions { MessageEncoding = encoding }).GetQueueClient("q" + Guid.NewGuid().ToString("N")[..20]);
        Assert.True(await queue.CreateIfNotExistsAsync());
        return queue;
    }

    [Fact]
    public async Task CreatingAnExistingQueueReportsThatItExisted()
    {
        var queue = await NewQueueAsync();

        Assert.False(await queue.CreateIfNotExistsAsync());
        Assert.Contains(queue.Name, await azurite.Queues().GetQueueNamesAsync(prefix: "q"));
        Assert.True(await queue.DeleteIfExistsAsync());
        Assert.False(await queue.DeleteIfExistsAsync());
    }

    [Theory]
    [InlineData(QueueMessageEncoding.Base64)]
    [InlineData(QueueMessageEncoding.None)]
    public async Task MessagesRoundTripWithXmlSpecialCharactersAndChinese(QueueMessageEncoding encoding)
    {
        var queue = await NewQueueAsync(encoding);
        const string text = "{\"title\":\"路灯 <坏了> & \\\"急\\\"\"}";

        var receipt = await queue.SendMessageAsync(text);
        var received = Assert.Single(await queue.ReceiveMessagesAsync());

        Assert.Equal(receipt.MessageId, received.MessageId);
        Assert.Equal(text, received.MessageText);
        Assert.Equal(1, received.DequeueCount);
        Assert.True(await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));
        Assert.Empty(await queue.ReceiveMessagesAsync());
    }

    [Fact]
    public async Task ADelayedMessageStaysHiddenUntilItsTime()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromSeconds(2));

        var early = await queue.ReceiveMessagesAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var onTime = await queue.ReceiveMessagesAsync();

        Assert.Empty(early);
        Assert.Equal("later", Assert.Single(onTime).MessageText);
    }

    [Fact]
    public async Task AnUndeletedMessageComesBackWithAHigherDequeueCount()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("retry me");

        var first = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(1)));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var second = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30)));

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
        Assert.False(await queue.DeleteMessageAsync(first.MessageId, first.PopReceipt));
        Assert.True(await queue.DeleteMessageAsync(second.MessageId, second.PopReceipt));
    }

    [Fact]
    public async Task UpTo32MessagesArriveInOneReceive()
    {
        var queue = await NewQueueAsync();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => queue.SendMessageAsync($"m{i}")));

        var batch = await queue.ReceiveMessagesAsync(maxMessages: 32);
        var properties = await queue.GetPropertiesAsync();

        Assert.Equal(32, batch.Count);
        Assert.Equal(40, properties.ApproximateMessagesCount);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(maxMessages: 33));
    }

    [Fact]
    public async Task UpdatingVisibilityHandsOutANewPopReceipt()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("lease");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30)));

        var updated = await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(60));

        Assert.NotEqual(received.PopReceipt, updated.PopReceipt);
        Assert.True(updated.NextVisibleOn > received.NextVisibleOn);
        Assert.Empty(await queue.ReceiveMessagesAsync());
        Assert.True(await queue.DeleteMessageAsync(received.MessageId, updated.PopReceipt));
    }

    [Fact]
    public async Task UpdatingTheTextAndMakingItVisibleAgainIsSeenByTheNextReceive()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("v1");
        var received = Assert.Single(await queue.ReceiveMessagesAsync());

        await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, "v2", TimeSpan.Zero);
        var again = Assert.Single(await queue.ReceiveMessagesAsync());

        Assert.Equal("v2", again.MessageText);
    }

    [Fact]
    public async Task PeekingNeitherHidesNorCountsADequeue()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("look");

        var peeked = Assert.Single(await queue.PeekMessagesAsync());
        var received = Assert.Single(await queue.ReceiveMessagesAsync());

        Assert.Equal(0, peeked.DequeueCount);
        Assert.Equal(1, received.DequeueCount);
    }

    [Fact]
    public async Task AMessageExpiresAfterItsTimeToLive()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("short-lived", timeToLive: TimeSpan.FromSeconds(1));

        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Empty(await queue.ReceiveMessagesAsync());
    }

    [Fact]
    public async Task AMessageOverSixtyFourKibibytesIsRefusedWithAHintAboutBlobs()
    {
        var queue = await NewQueueAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync(new string('x', 49_200)));

        Assert.Contains("blob", error.Message, StringComparison.Ordinal);
        await queue.SendMessageAsync(new string('x', 49_100));
    }

    [Fact]
    public async Task VisibilityBeyondSevenDaysIsRefused()
    {
        var queue = await NewQueueAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendMessageAsync("x", visibilityTimeout: TimeSpan.FromDays(7.5)));
    }

    [Fact]
    public async Task ClearingRemovesEveryMessage()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("a");
        await queue.SendMessageAsync("b");

        await queue.ClearMessagesAsync();

        Assert.Equal(0, (await queue.GetPropertiesAsync()).ApproximateMessagesCount);
    }

    [Fact]
    public async Task UsingAMissingQueueIsATypedNotFoundError()
    {
        var queue = azurite.Queues().GetQueueClient("never-created");

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => queue.SendMessageAsync("x"));

        Assert.Equal(404, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("a")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    public void InvalidQueueNamesAreRejected(string name) =>
        Assert.Throws<ArgumentException>(() => azurite.Queues().GetQueueClient(name));
}
