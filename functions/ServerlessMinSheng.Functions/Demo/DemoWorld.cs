using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using ServerlessMinSheng.Functions.Handling;
using ServerlessMinSheng.Functions.Identity;
using ServerlessMinSheng.Functions.Partners;
using ServerlessMinSheng.Functions.Registry;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>An account the demo made, with the password it was given (printed once, never stored).</summary>
public sealed record DemoAccount(string Username, string Role, string Scope, string Password);

/// <summary>A partner system the demo registered, with its webhook secret (printed once; stored encrypted).</summary>
public sealed record DemoPartner(string Id, string Name, string Secret);

/// <summary>The demo's registered units and its staff, as actors the scripts act as.</summary>
public sealed class DemoWorld
{
    public required IReadOnlyDictionary<string, Unit> Towns { get; init; }

    public required IReadOnlyDictionary<string, Unit> Communities { get; init; }

    public required IReadOnlyDictionary<string, Unit> Departments { get; init; }

    public required IReadOnlyDictionary<string, Unit> SocialUnits { get; init; }

    /// <summary>Staff by user name; the admin's and the communities' are there at once, the others once <see cref="Ready"/> completes.</summary>
    public required IReadOnlyDictionary<string, Actor> Staff { get; init; }

    /// <summary>Every account with its password, in the order of the printed table (complete once <see cref="Ready"/> completes).</summary>
    public required IReadOnlyList<DemoAccount> Accounts { get; init; }

    public required IReadOnlyList<DemoPartner> Partners { get; init; }

    /// <summary>All accounts exist: hashing their passwords is slow, so most are made while the requests arrive.</summary>
    public required Task Ready { get; init; }

    public Actor Admin => Staff[DemoPlaces.Admin.User];

    public Actor StaffOf(DemoCommunity community) => Staff[community.StaffUser];

    public Actor StaffOf(DemoTown town) => Staff[town.StaffUser];

    /// <summary>The unit a request goes to and the staff who act for it: <c>community</c>, <c>town</c> or <c>dept:{key}</c>.</summary>
    public (string Kind, Unit Unit, Actor Staff) Handler(string handler, DemoCommunity community)
    {
        if (handler == "community")
        {
            return ("community", Communities[community.Key], StaffOf(community));
        }

        if (handler == "town")
        {
            var town = DemoPlaces.TownOf(community);
            return ("town", Towns[town.Key], StaffOf(town));
        }

        var key = handler["dept:".Length..];
        return ("department", Departments[key], Staff[DemoPlaces.Departments.First(d => d.Key == key).StaffUser]);
    }
}

/// <summary>
/// Registers the demo's towns, communities, departments, social units and partner systems, and creates
/// an account for every role with a fresh random password — through the same registry, the same
/// account creation (password policy, hashing) and the same partner registration the admin pages use.
/// </summary>
public sealed class DemoWorldBuilder(UnitRegistry registry, UserStore users, IPasswordHasher<UserAccount> hasher, PartnerStore partners, TimeProvider time)
{
    private const string Scheme = "Demo";

    public async Task<DemoWorld> BuildAsync(CancellationToken cancellationToken)
    {
        var towns = new Dictionary<string, Unit>(StringComparer.Ordinal);
        var communities = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var town in DemoPlaces.Towns)
        {
            towns[town.Key] = await CreateAsync(UnitKind.Town, town.Name, null, null, cancellationToken);
            foreach (var community in town.Communities)
            {
                communities[community.Key] = await CreateAsync(UnitKind.Community, community.Name, towns[town.Key].Id, null, cancellationToken);
            }
        }

        var departments = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var department in DemoPlaces.Departments)
        {
            departments[department.Key] = await CreateAsync(UnitKind.Department, department.Name, null, null, cancellationToken);
        }

        var socialUnits = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var unit in DemoPlaces.SocialUnits)
        {
            socialUnits[unit.Key] = await CreateAsync(UnitKind.SocialUnit, unit.Name, null, unit.Category, cancellationToken);
        }

        var adminPassword = NewPassword();
        await FirstAdmin.CreateAsync(users, hasher, time, DemoPlaces.Admin.User, adminPassword, cancellationToken);
        var admin = StaffSession.ToPrincipal((await users.FindAsync(DemoPlaces.Admin.User, cancellationToken))!, Scheme);
        var wanted = new List<(DemoPerson Person, Role Role, Unit? Scope)>();
        wanted.AddRange(DemoPlaces.Towns.Select(t => (new DemoPerson(t.StaffUser, t.StaffName), Role.TownStaff, (Unit?)towns[t.Key])));
        wanted.AddRange(DemoPlaces.Communities.Select(c => (new DemoPerson(c.StaffUser, c.StaffName), Role.CommunityStaff, (Unit?)communities[c.Key])));
        wanted.AddRange(DemoPlaces.Departments.Select(d => (new DemoPerson(d.StaffUser, d.StaffName), Role.DepartmentStaff, (Unit?)departments[d.Key])));
        wanted.AddRange(DemoPlaces.Coordinators.Select(p => (p, Role.Coordinator, (Unit?)null)));
        wanted.AddRange(DemoPlaces.SocialUnits.Select(s => (new DemoPerson(s.StaffUser, s.StaffName), Role.SocialUnit, (Unit?)socialUnits[s.Key])));
        wanted.Add((DemoPlaces.Observer, Role.Observer, null));

        var accounts = new DemoAccount[wanted.Count + 1];
        accounts[0] = new DemoAccount(DemoPlaces.Admin.User, Role.DistrictAdmin.Label(), "全区", adminPassword);
        var staff = new ConcurrentDictionary<string, Actor>(StringComparer.Ordinal) { [DemoPlaces.Admin.User] = Actor.Of(admin) };
        async Task MakeAsync(int i, CancellationToken token)
        {
            var (person, role, scope) = wanted[i];
            var password = NewPassword();
            DemoResults.Check((await UserAdminEndpoints.CreateUser(new NewUserInput(person.User, person.Name, role.Name(), scope?.Id, password), admin, users, registry, hasher, time, token)).Result);
            accounts[i + 1] = new DemoAccount(person.User, role.Label(), scope?.Name ?? "—", password);
            staff[person.User] = await ActorAsync(person.User, token);
        }

        // Hashing a password is deliberately slow (PBKDF2): the communities' staff, who enter requests taken by
        // phone, come first; the rest are made a few at a time while the requests arrive.
        var options = new ParallelOptions { MaxDegreeOfParallelism = 3, CancellationToken = cancellationToken };
        var first = Enumerable.Range(0, wanted.Count).Where(i => wanted[i].Role == Role.CommunityStaff).ToList();
        await Parallel.ForEachAsync(first, options, async (i, token) => await MakeAsync(i, token));
        var rest = Parallel.ForEachAsync(Enumerable.Range(0, wanted.Count).Except(first), options, async (i, token) => await MakeAsync(i, token));

        var partnerSecrets = new List<DemoPartner>();
        foreach (var (id, name) in DemoPlaces.Partners)
        {
            partnerSecrets.Add(new DemoPartner(id, name, await partners.CreateAsync(id, name, cancellationToken) ?? throw new InvalidOperationException($"Partner {id} exists already.")));
        }

        return new DemoWorld
        {
            Towns = towns,
            Communities = communities,
            Departments = departments,
            SocialUnits = socialUnits,
            Staff = staff,
            Accounts = accounts,
            Partners = partnerSecrets,
            Ready = rest,
        };
    }

    /// <summary>16 random characters in four groups, from an alphabet without look-alikes (0/O, 1/l/I).</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        var chars = Enumerable.Range(0, 16).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray();
        return string.Join('-', chars.Chunk(4).Select(group => new string(group)));
    }

    private async Task<Actor> ActorAsync(string username, CancellationToken cancellationToken) =>
        Actor.Of(StaffSession.ToPrincipal((await users.FindAsync(username, cancellationToken))!, Scheme));

    private async Task<Unit> CreateAsync(UnitKind kind, string name, string? parentId, string? category, CancellationToken cancellationToken) =>
        await registry.CreateAsync(kind, name, parentId, category, cancellationToken) switch
        {
            RegistryChange.Done done => done.Unit,
            var other => throw new InvalidOperationException($"The demo {kind.Name()} {name} could not be registered: {other}"),
        };
}
