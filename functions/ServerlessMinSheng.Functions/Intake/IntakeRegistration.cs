using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.Intake;

public static class IntakeRegistration
{
    public static WebApplicationBuilder AddIntake(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DeploymentTime>();
        services.AddSingleton<ContactProtector>();
        services.AddSingleton<RequestStore>();
        services.AddSingleton<PendingTriage>();
        services.AddSingleton<IntakeService>();

        // More than this many submissions a minute from one address is a script, not a resident.
        var perMinute = builder.Configuration.GetValue("Intake:SubmissionsPerMinute", 10);
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(IntakeEndpoints.SubmitRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return builder;
    }
}
