using System.Globalization;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Lifecycle.Benchmarks;

/// <summary>A seeded request: its tracking code and the community it is dispatched to.</summary>
internal sealed record Seeded(string Code, int Community);

/// <summary>
/// Puts requests where quick handling starts, through the app's own services: triaged rows written with
/// <see cref="RequestStore.AddNewAsync"/> (100 per transaction, as a survey import stores them; the
/// analyzer is skipped, its cost is the intake benchmark's), then each one dispatched to its community
/// with <see cref="RequestHandling.ApplyAsync"/> as the district admin — the same call the HTTP action
/// makes, so each gets its sign deadline in the index, its unit inbox row and its delayed timer message.
/// </summary>
internal sealed class RequestSeeder(LifecycleSite site)
{
    private static readonly string[] Titles = ["楼道灯不亮", "小区门口积水", "垃圾清运不及时", "路灯损坏", "电梯经常停运", "噪音扰民", "绿地被占用", "井盖松动"];
    private int _next;

    /// <summary>Writes <paramref name="count"/> triaged requests, spread over the communities.</summary>
    public async Task<IReadOnlyList<Seeded>> TriagedAsync(int count, int parallelism = 4)
    {
        var now = site.Time.GetUtcNow();
        var store = site.Services.GetRequiredService<RequestStore>();
        var seeded = new List<Seeded>(count);
        var buckets = new List<(string Bucket, List<ResidentRequest> Rows)>();
        for (var start = 0; start < count; start += 100)
        {
            var bucket = TrackingCode.NewBucket();
            var rows = new List<ResidentRequest>();
            for (var i = 0; i < Math.Min(100, count - start); i++)
            {
                var n = Interlocked.Increment(ref _next);
                var community = n % site.Communities.Count;
                var code = TrackingCode.ForSequence(bucket, i);
                rows.Add(Row(code, n, site.Communities[community].Id, now));
                seeded.Add(new Seeded(code, community));
            }

            buckets.Add((bucket, rows));
        }

        await Parallel.ForEachAsync(buckets, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (b, token) =>
        {
            var added = await store.AddNewAsync(b.Bucket, b.Rows, token);
            if (added.Count != b.Rows.Count)
            {
                throw new InvalidOperationException($"Bucket {b.Bucket}: {added.Count} of {b.Rows.Count} stored.");
            }
        });
        return seeded;
    }

    /// <summary>Dispatches each request to its community, <paramref name="parallelism"/> at a time.</summary>
    public async Task DispatchAsync(IEnumerable<Seeded> requests, int parallelism)
    {
        var handling = site.Services.GetRequiredService<RequestHandling>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (r, token) =>
            await handling.ApplyAsync(r.Code, RequestLifecycle.Dispatch, site.Admin, new HandlingInput(UnitKind: "community", UnitId: site.Communities[r.Community].Id), token));
    }

    private ResidentRequest Row(string code, int n, string communityId, DateTimeOffset now)
    {
        var title = Titles[n % Titles.Length];
        var description = string.Create(CultureInfo.InvariantCulture, $"{title}，已经持续一段时间了，影响居民正常生活，希望尽快处理（第 {n} 件）。");
        return new ResidentRequest
        {
            PartitionKey = TrackingCode.Bucket(code),
            RowKey = code,
            SourceKey = $"benchmark|{n}",
            Channel = Channel.Web,
            ReceivedAt = now,
            Title = title,
            Description = description,
            CommunityId = communityId,
            TownId = site.TownId,
            IsPublic = true,
            Status = RequestStatus.Triaged,
            TriagedAt = now,
            ProjectedAt = now,
            SuggestedTheme = "宜居",
            Theme = "宜居",
            SuggestedGrade = "C",
            Grade = "C",
            RedactedTitle = title,
            RedactedDescription = description,
            Month = now.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        };
    }
}
