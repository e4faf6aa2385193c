using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Rankings;

public static class RankingsRegistration
{
    /// <summary>Per-day metric aggregates counted as steps happen, the nightly ranking job and its projections.</summary>
    public static WebApplicationBuilder AddRankings(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RankingOptions>().Bind(builder.Configuration.GetSection("Rankings"))
            .Validate(o => o.Weights.Response >= 0 && o.Weights.Resolution >= 0 && o.Weights.Satisfaction >= 0 && o.Weights.Total > 0, "Rankings:Weights must be non-negative and not all zero.")
            .ValidateOnStart();
        services.AddSingleton<MetricRecorder>();
        services.AddSingleton<RankingJob>();
        services.AddTimerFunction<NightlyRankings>(builder.Configuration["Rankings:Schedule"] is { Length: > 0 } schedule ? schedule : NightlyRankings.DefaultSchedule);
        return builder;
    }
}
