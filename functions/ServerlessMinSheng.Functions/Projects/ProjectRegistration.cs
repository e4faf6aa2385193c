using ServerlessMinSheng.Functions.Lifecycles;

namespace ServerlessMinSheng.Functions.Projects;

public static class ProjectRegistration
{
    public static WebApplicationBuilder AddProjects(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProjectOptions>().Bind(builder.Configuration.GetSection("Projects"));
        services.AddSingleton<ProjectPhotos>();
        services.AddSingleton<ProjectClusters>();
        services.AddSingleton<ProjectService>();
        services.AddSingleton<ITimerTarget>(sp => sp.GetRequiredService<ProjectService>());
        services.AddSingleton<IEscalationSource>(sp => sp.GetRequiredService<ProjectService>());
        return builder;
    }
}
