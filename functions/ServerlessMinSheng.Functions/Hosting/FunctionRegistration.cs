using ServerlessMinSheng.Functions.Storage;
using ServerlessMinSheng.Functions.Hosting.Cron;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Functions.Hosting;

/// <summary>
/// Declares queue- and timer-triggered functions. The handler's class name is the function's name, so
/// it is written once; HTTP functions are the endpoints mapped under <c>/api</c>, named with <c>WithName</c>.
/// </summary>
public static class FunctionRegistration
{
    public static IServiceCollection AddQueueFunction<THandler>(this IServiceCollection services, string queueName)
        where THandler : class, IQueueFunction
    {
        if (!QueueLimits.IsValidName(queueName) || !QueueLimits.IsValidName(queueName + "-poison"))
        {
            throw new ArgumentException($"'{queueName}' cannot be a trigger queue: queue names are 3–56 lowercase letters, digits and single hyphens (the poison queue adds '-poison').", nameof(queueName));
        }

        services.AddScoped<THandler>();
        services.AddSingleton(new FunctionDefinition(typeof(THandler).Name, new QueueFunctionTrigger(queueName), typeof(THandler)));
        return services;
    }

    public static IServiceCollection AddTimerFunction<THandler>(this IServiceCollection services, string schedule)
        where THandler : class, ITimerFunction
    {
        // A bad schedule stops the app at startup, not at 2 a.m.
        try
        {
            TimerSchedule.Parse(schedule);
        }
        catch (FormatException ex)
        {
            throw new StartupException($"Timer function {typeof(THandler).Name} cannot be scheduled: {ex.Message}", ex);
        }

        services.AddScoped<THandler>();
        services.AddSingleton(new FunctionDefinition(typeof(THandler).Name, new TimerFunctionTrigger(schedule), typeof(THandler)));
        return services;
    }
}
