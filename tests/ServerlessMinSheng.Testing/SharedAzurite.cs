namespace ServerlessMinSheng.Testing;

/// <summary>
/// One Azurite per test process, started on first use and stopped when the process exits. Every caller
/// gets a fresh storage account on it, so tests never see each other's tables and queues.
/// </summary>
public static class SharedAzurite
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly List<AzuriteServer> Servers = [];
    private static int _nextAccount;

    static SharedAzurite()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in Servers)
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        };
    }

    public static async Task<AzuriteAccount> NewAccountAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var current = Servers.Count == 0 ? null : Servers[^1];
            // Index 0 is devstoreaccount1; hand out the pool accounts after it.
            if (current is null || _nextAccount + 1 >= current.AccountKeys.Count)
            {
                current = await AzuriteServer.StartAsync().ConfigureAwait(false);
                Servers.Add(current);
                _nextAccount = 0;
            }

            _nextAccount++;
            return current.Account(current.AccountKeys[_nextAccount]);
        }
        finally
        {
            Gate.Release();
        }
    }
}
