using ServerlessMinSheng.Functions.Hosting;

namespace ServerlessMinSheng.Functions.SurveyImport;

public static class ImportRegistration
{
    public static WebApplicationBuilder AddSurveyImport(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ImportStore>();
        builder.Services.AddQueueFunction<ImportSurveyFile>(ImportSurveyFile.QueueName);
        builder.Services.AddQueueFunction<ImportSurveyChunk>(ImportSurveyChunk.QueueName);
        return builder;
    }
}
