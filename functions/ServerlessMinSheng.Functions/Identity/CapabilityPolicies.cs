namespace ServerlessMinSheng.Functions.Identity;

public static class CapabilityPolicies
{
    public static TBuilder RequireCapability<TBuilder>(this TBuilder builder, Capability capability)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(capability.Name());

    internal static void AddCapabilityPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        foreach (var capability in Enum.GetValues<Capability>())
        {
            options.AddPolicy(capability.Name(), policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(context => StaffSession.From(context.User)?.Has(capability) == true));
        }
    }
}
