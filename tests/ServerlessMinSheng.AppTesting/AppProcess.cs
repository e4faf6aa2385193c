using System.Diagnostics;
using System.Text;

namespace ServerlessMinSheng.AppTesting;

/// <summary>The app as its own process, started the way run.sh starts it, so a test can kill it for real.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The built app next to this test's own build (same configuration).</summary>
    public static string AppDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            return RepositoryPaths.Combine("functions", "ServerlessMinSheng.Functions", "bin", configuration, "net10.0", "ServerlessMinSheng.Functions.dll");
        }
    }

    public static AppProcess Start(IReadOnlyDictionary<string, string> environment, int? port = null)
    {
        var chosen = port ?? FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AppDll)!,
        };
        start.ArgumentList.Add(AppDll);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{chosen}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new AppProcess(Process.Start(start)!, chosen);
    }

    public async Task WaitUntilListeningAsync()
    {
        if (!await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(60), () => _process.HasExited))
        {
            throw new InvalidOperationException($"The app did not start listening on {Port}:\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // Drains the redirected output.
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, exactly like a crash or a pulled plug.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
