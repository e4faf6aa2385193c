using System.Security.Claims;

namespace ServerlessMinSheng.Functions.Identity;

/// <summary>The signed-in staff member as the sign-in cookie carries them.</summary>
public sealed record StaffSession(string Username, string DisplayName, Role Role, ScopeKind ScopeKind, string? ScopeId, string SecurityStamp)
{
    public const string ScopeKindClaim = "sms:scope_kind";
    public const string ScopeIdClaim = "sms:scope_id";
    public const string StampClaim = "sms:stamp";

    public bool Has(Capability capability) => Role.Capabilities().Contains(capability);

    public static StaffSession? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || !Roles.TryParse(user.FindFirstValue(ClaimTypes.Role), out var role))
        {
            return null;
        }

        return new StaffSession(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty,
            user.FindFirstValue(ClaimTypes.Name) ?? string.Empty,
            role,
            Enum.TryParse<ScopeKind>(user.FindFirstValue(ScopeKindClaim), out var kind) ? kind : ScopeKind.None,
            user.FindFirstValue(ScopeIdClaim),
            user.FindFirstValue(StampClaim) ?? string.Empty);
    }

    public static ClaimsPrincipal ToPrincipal(UserAccount account, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Username),
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.Role, account.Role.Name()),
            new(ScopeKindClaim, account.ScopeKind.ToString()),
            new(StampClaim, account.SecurityStamp),
        };
        if (account.ScopeId is not null)
        {
            claims.Add(new Claim(ScopeIdClaim, account.ScopeId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
