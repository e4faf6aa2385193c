using Microsoft.Extensions.DependencyInjection.Extensions;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.AppTesting;

/// <summary>The real app in this process, set up for a benchmark: on the benchmark's clock, every storage call counted.</summary>
public static class MeasuredApp
{
    /// <summary>
    /// Starts the app on <paramref name="time"/> with its storage calls going through
    /// <paramref name="traffic"/>. The app's own timer functions are left out, so every sweep or job
    /// that is timed is one the benchmark starts; queue functions run as usual at host.json's settings.
    /// </summary>
    public static Task<TestApp> StartAsync(string connectionString, IReadOnlyDictionary<string, string> settings, TimeProvider time, StorageTraffic traffic) =>
        TestApp.StartAsync(connectionString, settings, builder =>
        {
            builder.Services.AddSingleton(time);
            builder.Services.Replace(ServiceDescriptor.Singleton(traffic.Hooks));
            foreach (var timerFunction in builder.Services.Where(d => d.ImplementationInstance is FunctionDefinition { Trigger: TimerFunctionTrigger }).ToList())
            {
                builder.Services.Remove(timerFunction);
            }
        });
}
