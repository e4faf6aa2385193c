namespace ServerlessMinSheng.Functions.Partners;

public static class PartnerRegistration
{
    public static WebApplicationBuilder AddPartners(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PartnerStore>();
        builder.Services.AddSingleton<PartnerIntake>();
        return builder;
    }
}
