using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Functions.Handling;

public static class HandlingRegistration
{
    /// <summary>The lifecycle mechanism (deadline index, timers, escalation inbox) and quick handling of requests.</summary>
    public static WebApplicationBuilder AddHandling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HandlingOptions>().Bind(builder.Configuration.GetSection("Handling"));
        services.AddSingleton<DeadlineIndex>();
        services.AddSingleton<TimerScheduling>();
        services.AddSingleton<LifecycleTimers>();
        services.AddSingleton<EscalationInbox>();
        services.AddSingleton<UnitInbox>();
        services.AddSingleton<RequestHandling>();
        services.AddSingleton<ITimerTarget>(sp => sp.GetRequiredService<RequestHandling>());
        services.AddSingleton<IEscalationSource>(sp => sp.GetRequiredService<RequestHandling>());
        services.AddQueueFunction<FireLifecycleTimer>(TimerScheduling.QueueName);
        services.AddTimerFunction<LifecycleSweep>(LifecycleSweep.Schedule);
        return builder;
    }
}
