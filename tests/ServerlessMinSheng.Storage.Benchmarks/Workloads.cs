using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ServerlessMinSheng.Storage.Queues;
using ServerlessMinSheng.Storage.Tables;

namespace ServerlessMinSheng.Storage.Benchmarks;

internal sealed record BenchmarkSettings(int SingleOps, int Batches, int Reads, int Messages, int Concurrency, int BatchConcurrency, int Consumers);

/// <summary>Each workload runs twice with the same shape: once through the client, once as raw pre-signed requests (the ceiling).</summary>
internal sealed class Workloads(StorageConnectionString account, BenchmarkSettings settings, string run)
{
    private const string Payload = "北京亦庄镇民心微实事：小区东门路灯不亮，夜间出行不便，请尽快维修。";
    private readonly TableServiceClient _tables = new(account);
    private readonly QueueServiceClient _queues = new(account);
    private readonly RawRequests _raw = new(account);

    public async Task<List<Measurement>> RunAllAsync(IEnumerable<string> paths)
    {
        var results = new List<Measurement>();
        foreach (var path in paths)
        {
            var single = await NewTableAsync(run + path + "single");
            results.Add(await SingleInsertsAsync(single, path));
            results.Add(await PointReadsAsync(single, path));
            results.Add(await BatchInsertsAsync(await NewTableAsync(run + path + "batched"), path));
            var queue = _queues.GetQueueClient(run + "-" + path + "-work");
            await queue.CreateIfNotExistsAsync();
            results.Add(await QueuePutsAsync(queue, path));
            results.AddRange(await QueueDrainAsync(queue, path));
        }

        return results;
    }

    private static TableEntity Entity(string partition, int i) => new(partition, i.ToString("D7", CultureInfo.InvariantCulture))
    {
        ["Title"] = Payload,
        ["Community"] = "朝林社区",
        ["Votes"] = i,
        ["CreatedAt"] = DateTimeOffset.UnixEpoch.AddMinutes(i),
    };

    private async Task<TableClient> NewTableAsync(string name)
    {
        var table = _tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private Task<Measurement> SingleInsertsAsync(TableClient table, string path)
    {
        if (path == "raw")
        {
            var requests = Enumerable.Range(0, settings.SingleOps).Select(i => _raw.TableInsert(table.Name, Entity("p", i))).ToArray();
            return Measurement.RunAsync("table insert (single)", path, settings.SingleOps, 1, settings.Concurrency, i => RawRequests.SendAsync(requests[i]));
        }

        return Measurement.RunAsync("table insert (single)", path, settings.SingleOps, 1, settings.Concurrency, i => table.AddEntityAsync(Entity("p", i)));
    }

    private Task<Measurement> PointReadsAsync(TableClient table, string path)
    {
        var keys = Enumerable.Range(0, settings.Reads).Select(i => (i * 7919) % settings.SingleOps).ToArray();
        if (path == "raw")
        {
            var requests = keys.Select(k => _raw.TableGet(table.Name, "p", k.ToString("D7", CultureInfo.InvariantCulture))).ToArray();
            return Measurement.RunAsync("table point read", path, settings.Reads, 1, settings.Concurrency, i => RawRequests.SendAsync(requests[i]));
        }

        return Measurement.RunAsync("table point read", path, settings.Reads, 1, settings.Concurrency,
            i => table.GetEntityAsync<TableEntity>("p", keys[i].ToString("D7", CultureInfo.InvariantCulture)));
    }

    private Task<Measurement> BatchInsertsAsync(TableClient table, string path)
    {
        List<TableTransactionAction> Batch(int b) => Enumerable.Range(b * 100, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, Entity("b" + (b % 50).ToString(CultureInfo.InvariantCulture), i))).ToList();
        if (path == "raw")
        {
            var requests = Enumerable.Range(0, settings.Batches).Select(b => _raw.TableBatch(table, Batch(b))).ToArray();
            return Measurement.RunAsync("table insert (100-entity batches)", path, settings.Batches, 100, settings.BatchConcurrency, i => RawRequests.SendAsync(requests[i]));
        }

        return Measurement.RunAsync("table insert (100-entity batches)", path, settings.Batches, 100, settings.BatchConcurrency, i => table.SubmitTransactionAsync(Batch(i)));
    }

    private Task<Measurement> QueuePutsAsync(QueueClient queue, string path)
    {
        if (path == "raw")
        {
            var requests = Enumerable.Range(0, settings.Messages).Select(i => _raw.QueuePut(queue.Name, $"{{\"id\":{i},\"text\":\"{Payload}\"}}")).ToArray();
            return Measurement.RunAsync("queue put", path, settings.Messages, 1, settings.Concurrency, i => RawRequests.SendAsync(requests[i]));
        }

        return Measurement.RunAsync("queue put", path, settings.Messages, 1, settings.Concurrency, i => queue.SendMessageAsync($"{{\"id\":{i},\"text\":\"{Payload}\"}}"));
    }

    /// <summary>Consumers receive up to 32 messages and delete each one until the queue is empty: what a trigger does.</summary>
    private async Task<Measurement[]> QueueDrainAsync(QueueClient queue, string path)
    {
        var gets = new ConcurrentBag<double>();
        var deletes = new ConcurrentBag<double>();
        var drained = 0;
        var receives = 0;
        var prebuiltGets = path == "raw" ? new ConcurrentQueue<HttpRequestMessage>(Enumerable.Range(0, settings.Messages).Select(_ => _raw.QueueGet(queue.Name, 32))) : null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Consumers).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref drained) < settings.Messages)
            {
                var started = Stopwatch.GetTimestamp();
                List<(string Id, string Pop)> batch;
                if (prebuiltGets is not null)
                {
                    batch = prebuiltGets.TryDequeue(out var request)
                        ? RawRequests.ReceivedMessages(await RawRequests.SendAsync(request)).ToList()
                        : RawRequests.ReceivedMessages(await RawRequests.SendAsync(_raw.QueueGet(queue.Name, 32))).ToList();
                }
                else
                {
                    batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60))).Select(m => (m.MessageId, m.PopReceipt)).ToList();
                }

                gets.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref receives);
                foreach (var (id, pop) in batch)
                {
                    var deleteStarted = Stopwatch.GetTimestamp();
                    if (path == "raw")
                    {
                        await RawRequests.SendAsync(_raw.QueueDelete(queue.Name, id, pop));
                    }
                    else
                    {
                        await queue.DeleteMessageAsync(id, pop);
                    }

                    deletes.Add(Stopwatch.GetElapsedTime(deleteStarted).TotalMilliseconds);
                    Interlocked.Increment(ref drained);
                }
            }
        })));
        clock.Stop();
        return
        [
            new Measurement("queue get (≤32) + delete each", path, receives + drained, drained, clock.Elapsed, [.. gets, .. deletes]),
        ];
    }
}
