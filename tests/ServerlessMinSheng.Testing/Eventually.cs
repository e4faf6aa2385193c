namespace ServerlessMinSheng.Testing;

/// <summary>Polls for a condition that background work will make true, failing with a message if it never does.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var last = await probe().ConfigureAwait(false);
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {last}");
            }

            await Task.Delay(50).ConfigureAwait(false);
            last = await probe().ConfigureAwait(false);
        }

        return last;
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        ReturnsAsync(probe, v => v, what, timeout);
}
