using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Azure;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Testing;

public enum AzuriteService
{
    Blob,
    Queue,
    Table,
}

/// <summary>An account on a running Azurite: its own tables, queues and blobs, invisible to other accounts.</summary>
public sealed record AzuriteAccount(string Name, string Key, string ConnectionString, AzuriteServer Server)
{
    /// <summary>The account and key every Azure Storage emulator accepts; public knowledge, not a secret.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The connection string for an Azurite account on explicit ports (path-style URLs).</summary>
    public static string EmulatorConnectionString(string accountName, string accountKey, int blobPort, int queuePort, int tablePort, string host = "127.0.0.1") =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={accountName};AccountKey={accountKey};" +
            $"BlobEndpoint=http://{host}:{blobPort}/{accountName};QueueEndpoint=http://{host}:{queuePort}/{accountName};" +
            $"TableEndpoint=http://{host}:{tablePort}/{accountName};");
}

public sealed record AzuriteOptions
{
    /// <summary>Keep data in memory. Fine for light tests; Azurite's in-memory clean-up freezes the process after heavy queue churn.</summary>
    public bool InMemory { get; init; }

    /// <summary>Extra accounts besides devstoreaccount1, each a "fresh storage account" for one test.</summary>
    public int AccountPoolSize { get; init; } = 200;

    public string? Location { get; init; }
}

/// <summary>
/// Azurite's blob, queue and table services as three separate Node processes on free ports (so table and
/// queue work each get a core). Each process is the server itself (not a shell), preloaded with a
/// watchdog that exits when the starting process dies, so a crashed test run leaves nothing behind.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private readonly Dictionary<AzuriteService, Process> _processes = [];
    private readonly Dictionary<AzuriteService, StringBuilder> _output = [];
    private readonly string _location;
    private readonly bool _ownsLocation;
    private readonly AzuriteOptions _options;
    private readonly string _accountsVariable;

    private AzuriteServer(AzuriteOptions options)
    {
        _options = options;
        _ownsLocation = options.Location is null;
        _location = options.Location ?? Path.Combine(Path.GetTempPath(), "sms-azurite-" + Guid.NewGuid().ToString("N")[..12]);
        var accounts = new List<AzuriteAccountKey> { new(AzuriteAccount.DevelopmentAccountName, AzuriteAccount.DevelopmentAccountKey) };
        for (var i = 1; i <= options.AccountPoolSize; i++)
        {
            accounts.Add(new($"acct{i:0000}", Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));
        }

        AccountKeys = accounts;
        _accountsVariable = string.Join(';', accounts.Select(a => a.Name + ":" + a.Key));
        Ports = new Dictionary<AzuriteService, int>
        {
            [AzuriteService.Blob] = FreePort.Next(),
            [AzuriteService.Queue] = FreePort.Next(),
            [AzuriteService.Table] = FreePort.Next(),
        };
    }

    public IReadOnlyDictionary<AzuriteService, int> Ports { get; }

    public IReadOnlyList<AzuriteAccountKey> AccountKeys { get; }

    public static async Task<AzuriteServer> StartAsync(AzuriteOptions? options = null)
    {
        var server = new AzuriteServer(options ?? new AzuriteOptions());
        try
        {
            await Task.WhenAll(Enum.GetValues<AzuriteService>().Select(server.StartServiceAsync)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public AzuriteAccount Account(AzuriteAccountKey key) => new(
        key.Name,
        key.Key,
        AzuriteAccount.EmulatorConnectionString(key.Name, key.Key, Ports[AzuriteService.Blob], Ports[AzuriteService.Queue], Ports[AzuriteService.Table]),
        this);

    /// <summary>Starts one service (again) on its port, e.g. after <see cref="StopServiceAsync"/> simulated an outage.</summary>
    public async Task StartServiceAsync(AzuriteService service)
    {
        var name = service.ToString().ToLowerInvariant();
        var main = RepositoryPaths.Combine("node_modules", "azurite", "dist", "src", name, "main.js");
        if (!File.Exists(main))
        {
            throw new InvalidOperationException($"Azurite is not installed ({main} is missing); run `npm ci` at the repository root (./test.sh does).");
        }

        var watchdog = Path.Combine(AppContext.BaseDirectory, "azurite-watchdog.cjs");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--require", watchdog, main, $"--{name}Host", "127.0.0.1", $"--{name}Port", Ports[service].ToString(System.Globalization.CultureInfo.InvariantCulture), "--disableTelemetry", "--skipApiVersionCheck" })
        {
            start.ArgumentList.Add(arg);
        }

        if (_options.InMemory)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            var folder = Path.Combine(_location, name);
            Directory.CreateDirectory(folder);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(folder);
        }

        start.Environment["AZURITE_ACCOUNTS"] = _accountsVariable;
        start.Environment["AZURITE_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_processes)
        {
            _processes[service] = process;
            _output[service] = output;
        }

        if (!await FreePort.WaitUntilListeningAsync(Ports[service], TimeSpan.FromSeconds(60), () => process.HasExited).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Azurite {name} did not start on port {Ports[service]}: {Tail(output)}");
        }
    }

    /// <summary>Kills one service abruptly: the storage outage a test wants to survive.</summary>
    public async Task StopServiceAsync(AzuriteService service)
    {
        Process? process;
        lock (_processes)
        {
            _processes.Remove(service, out process);
        }

        if (process is null)
        {
            return;
        }

        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Enum.GetValues<AzuriteService>())
        {
            await StopServiceAsync(service).ConfigureAwait(false);
        }

        if (_ownsLocation && Directory.Exists(_location))
        {
            try
            {
                Directory.Delete(_location, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a dying server; the temp folder is cleaned by the OS eventually.
            }
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 64_000)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            var text = output.ToString();
            return text.Length <= 2000 ? text : text[^2000..];
        }
    }
}

public sealed record AzuriteAccountKey(string Name, string Key);
