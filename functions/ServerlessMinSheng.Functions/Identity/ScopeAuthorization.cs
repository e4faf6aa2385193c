using System.Security.Claims;
using ServerlessMinSheng.Functions.Registry;

namespace ServerlessMinSheng.Functions.Identity;

/// <summary>
/// Whether a staff member may see or act on data of a given area. The role grants the kind of work;
/// the scope limits where: a community worker works in their own community, a town worker in the
/// communities of their town, a district admin everywhere.
/// </summary>
public sealed class ScopeAuthorization(UnitRegistry registry)
{
    public async Task<bool> CanAccessCommunityAsync(ClaimsPrincipal user, string communityId, CancellationToken cancellationToken)
    {
        var session = StaffSession.From(user);
        return session?.Role switch
        {
            Role.DistrictAdmin => true,
            Role.CommunityStaff => session.ScopeId == communityId,
            Role.TownStaff => (await registry.FindAsync(UnitKind.Community, communityId, cancellationToken))?.ParentId is { } town && town == session.ScopeId,
            _ => false,
        };
    }
}
