using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Functions.Triage;

public static class TriageRegistration
{
    public static WebApplicationBuilder AddTriage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<CorrectionStore>();
        services.AddSingleton<AnalyzerHost>();
        services.AddHostedService(sp => sp.GetRequiredService<AnalyzerHost>());
        services.AddSingleton<TriageQueueProjection>();
        services.AddSingleton<NeedsMapProjection>();
        services.AddSingleton<ClusterProjection>();
        services.AddSingleton<ClusterCache>();
        services.AddSingleton<TriageService>();
        services.AddSingleton<StaffRequestReader>();
        services.AddSingleton<RequestReview>();
        services.AddQueueFunction<TriageRequests>(IntakeService.TriageQueue);
        services.AddTimerFunction<TriageSweep>(TriageSweep.Schedule);
        return builder;
    }
}
