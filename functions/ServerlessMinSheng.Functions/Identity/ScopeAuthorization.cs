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
    /// <summary>The communities a staff member works in: all of them, their town's, or their own.</summary>
    public async Task<IReadOnlyList<Unit>> CommunitiesInScopeAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var session = StaffSession.From(user);
        var all = await registry.ListAsync(UnitKind.Community, cancellationToken);
        return session?.Role switch
        {
            Role.DistrictAdmin => all,
            Role.TownStaff => all.Where(c => c.ParentId == session.ScopeId).ToList(),
            Role.CommunityStaff => all.Where(c => c.Id == session.ScopeId).ToList(),
            _ => [],
        };
    }

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
