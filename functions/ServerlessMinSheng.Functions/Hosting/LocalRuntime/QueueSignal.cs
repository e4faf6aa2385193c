using System.Collections.Concurrent;

namespace ServerlessMinSheng.Functions.Hosting.LocalRuntime;

/// <summary>
/// Wakes an idle queue listener when this process sends to its queue, so local work starts at once
/// instead of after the next poll. Messages from elsewhere are still found by polling.
/// </summary>
public sealed class QueueSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _pulses = new(StringComparer.Ordinal);

    public void Notify(string queueName)
    {
        if (_pulses.TryRemove(queueName, out var pulse))
        {
            pulse.TrySetResult();
        }
    }

    /// <summary>Completes when <paramref name="queueName"/> is notified or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(string queueName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pulse = _pulses.GetOrAdd(queueName, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await Task.WhenAny(pulse.Task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
