using System.Diagnostics;
using System.Text.Json;
using ServerlessMinSheng.Analyzer;
using ServerlessMinSheng.Analyzer.Clustering;
using ServerlessMinSheng.Analyzer.KeyPhrases;
using ServerlessMinSheng.Analyzer.Taxonomies;
using Azure;
using ServerlessMinSheng.Functions.Storage;
using Azure.Storage.Blobs;

namespace ServerlessMinSheng.Functions.Triage;

public sealed record RetrainResult(int ThemeExamples, int DepartmentExamples, DateTimeOffset TrainedAt, double Seconds);

/// <summary>
/// The analyzer this instance triages with. Built on first use (storage may be down at startup): theme
/// and department models trained from the shipped seed sets plus staff corrections, and the topic
/// clusters restored from a blob checkpoint. The checkpoint is written at most every 30 s while
/// triage runs and at shutdown; cluster membership is also on every request row, so a lost checkpoint
/// costs cluster continuity, never a request. A retrain anywhere bumps a version that every instance
/// checks once a minute.
/// </summary>
public sealed partial class AnalyzerHost(BlobServiceClient blobs, CorrectionStore corrections, TimeProvider time, ILogger<AnalyzerHost> logger) : IHostedService, IDisposable
{
    public const string ContainerName = "analyzer";
    public const string StateBlob = "clusters.json";
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan VersionCheckInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private TextAnalyzer? _current;
    private string? _modelVersion;
    private DateTimeOffset _versionCheckedAt;
    private DateTimeOffset _savedAt;
    private int _dirty;

    public async Task<TextAnalyzer> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } ready && time.GetUtcNow() - _versionCheckedAt < VersionCheckInterval)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is null)
            {
                var state = await LoadStateAsync(cancellationToken);
                _current = await BuildAsync(state is null ? null : ClusterIndex.FromState(state), cancellationToken);
                _modelVersion = await corrections.ModelVersionAsync(cancellationToken);
                _savedAt = time.GetUtcNow();
            }
            else if (time.GetUtcNow() - _versionCheckedAt >= VersionCheckInterval)
            {
                var version = await corrections.ModelVersionAsync(cancellationToken);
                if (version != _modelVersion)
                {
                    _current = await BuildAsync(_current.Clusters, cancellationToken);
                    _modelVersion = version;
                }
            }

            _versionCheckedAt = time.GetUtcNow();
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Retrains from the seed sets and every correction so far; other instances follow within a minute.</summary>
    public async Task<RetrainResult> RetrainAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var current = await GetAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _current = await BuildAsync(current.Clusters, cancellationToken);
            _modelVersion = await corrections.BumpModelVersionAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        var themes = await corrections.LoadAsync(CorrectionStore.Themes, cancellationToken);
        var departments = await corrections.LoadAsync(CorrectionStore.Departments, cancellationToken);
        return new RetrainResult(themes.Count, departments.Count, time.GetUtcNow(), Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    public void MarkChanged() => Interlocked.Exchange(ref _dirty, 1);

    /// <summary>Writes the cluster checkpoint if clusters changed and the last one is older than 30 s (or always, with <paramref name="force"/>).</summary>
    public async Task CheckpointAsync(bool force, CancellationToken cancellationToken)
    {
        if (_current is null || Volatile.Read(ref _dirty) == 0 || (!force && time.GetUtcNow() - _savedAt < CheckpointInterval))
        {
            return;
        }

        Interlocked.Exchange(ref _dirty, 0);
        _savedAt = time.GetUtcNow();
        var container = blobs.GetBlobContainerClient(ContainerName);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var json = JsonSerializer.SerializeToUtf8Bytes(_current.Clusters.ToState());
        await container.GetBlobClient(StateBlob).UploadBytesAsync(json, overwrite: true, contentType: "application/json", cancellationToken: cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _gate.Dispose();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CheckpointAsync(force: true, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            LogCheckpointFailed(ex);
        }
    }

    private async Task<TextAnalyzer> BuildAsync(ClusterIndex? clusters, CancellationToken cancellationToken)
    {
        var themeCorrections = await corrections.LoadAsync(CorrectionStore.Themes, cancellationToken);
        var departmentCorrections = await corrections.LoadAsync(CorrectionStore.Departments, cancellationToken);
        return new TextAnalyzer(
            DepartmentModel.Train(departmentCorrections.Where(c => Taxonomy.Departments.Labels.Contains(c.Label))),
            ThemeModel.Train(themeCorrections.Where(c => Taxonomy.Themes.Labels.Contains(c.Label))),
            clusters ?? new ClusterIndex(null, BackgroundCorpus.Create()));
    }

    private async Task<ClusterIndexState?> LoadStateAsync(CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(ContainerName).GetBlobClient(StateBlob);
        try
        {
            var content = await blob.DownloadBytesAsync(cancellationToken);
            return JsonSerializer.Deserialize<ClusterIndexState>(content.Span);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or NotSupportedException)
        {
            LogCheckpointUnreadable(ex);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The analyzer's cluster checkpoint could not be saved at shutdown")]
    private partial void LogCheckpointFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The analyzer's cluster checkpoint is unreadable; starting with empty clusters")]
    private partial void LogCheckpointUnreadable(Exception exception);
}
