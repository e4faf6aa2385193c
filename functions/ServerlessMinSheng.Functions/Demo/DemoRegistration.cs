using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ServerlessMinSheng.Functions.Demo;

public static class DemoRegistration
{
    /// <summary>
    /// Demo mode (<c>Demo:Enabled=true</c>, what <c>./run.sh --demo</c> sets): the app's clock becomes the
    /// <see cref="DemoClock"/> and a realistic data set is seeded at startup through the real services.
    /// Development only: it creates accounts and prints their passwords. Off, it registers nothing.
    /// </summary>
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DemoOptions.Section);
        if (!section.GetValue<bool>(nameof(DemoOptions.Enabled)))
        {
            return builder;
        }

        if (!builder.Environment.IsDevelopment())
        {
            throw new StartupException("Demo:Enabled is for a developer machine (ASPNETCORE_ENVIRONMENT=Development): the demo creates accounts and prints their passwords.");
        }

        var services = builder.Services;
        services.AddOptions<DemoOptions>().Bind(section)
            .Validate(o => o.Days is >= 7 and <= 365, "Demo:Days must be 7–365.")
            .Validate(o => o.Parallelism is >= 1 and <= 64, "Demo:Parallelism must be 1–64.");
        services.AddSingleton<DemoClock>();
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(sp => sp.GetRequiredService<DemoClock>()));
        services.TryAddSingleton(new DemoOutput(Console.Out));
        services.AddSingleton<DemoWorldBuilder>();
        services.AddSingleton<DemoSurveyImport>();
        services.AddSingleton<DemoRequestScripts>();
        services.AddSingleton<DemoProjectScripts>();

        // First of all hosted services: the trigger runtime must start after the seeding, when the clock
        // shows real time again (its schedules and delays are computed from the clock when it starts).
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DemoSeeder>());
        return builder;
    }
}
