using Microsoft.AspNetCore.Identity;
using Azure;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.Identity;

/// <summary>
/// The first district admin, so that someone can sign in on a new installation. Two ways, neither
/// with a password in code or docs: the <c>create-admin</c> command (./run.sh --create-admin NAME), or
/// the settings <c>Bootstrap:AdminUsername</c> and <c>Bootstrap:AdminPassword</c> (e.g. from Key Vault),
/// which create the account at startup if it does not exist and never change an existing one.
/// </summary>
internal sealed partial class FirstAdmin(IConfiguration configuration, UserStore users, IPasswordHasher<UserAccount> hasher, TimeProvider time, ILogger<FirstAdmin> logger) : BackgroundService
{
    public const string UsernameSetting = "Bootstrap:AdminUsername";
    public const string PasswordSetting = "Bootstrap:AdminPassword";

    public enum Outcome
    {
        Created,
        AlreadyExists,
    }

    public static void ValidateConfiguration(IConfiguration configuration)
    {
        var username = configuration[UsernameSetting];
        if (string.IsNullOrEmpty(username))
        {
            return;
        }

        var problems = Problems(username, configuration[PasswordSetting]);
        if (problems.Count > 0)
        {
            throw new StartupException($"{UsernameSetting}/{PasswordSetting}: {string.Join("; ", problems)}");
        }
    }

    public static IReadOnlyList<string> Problems(string username, string? password)
    {
        var normalized = Usernames.Normalize(username);
        var problems = new List<string>();
        if (!Usernames.IsValid(normalized))
        {
            problems.Add(Usernames.Rule);
        }

        problems.AddRange(PasswordPolicy.Check(password, normalized));
        return problems;
    }

    public static async Task<Outcome> CreateAsync(UserStore users, IPasswordHasher<UserAccount> hasher, TimeProvider time, string username, string password, CancellationToken cancellationToken)
    {
        var account = new UserAccount
        {
            RowKey = Usernames.Normalize(username),
            DisplayName = "区级管理员",
            Role = Role.DistrictAdmin,
            ScopeKind = ScopeKind.None,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = "bootstrap",
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        return await users.TryCreateAsync(account, cancellationToken) ? Outcome.Created : Outcome.AlreadyExists;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var username = Usernames.Normalize(configuration[UsernameSetting]);
        if (string.IsNullOrEmpty(username))
        {
            return;
        }

        for (var delay = TimeSpan.FromSeconds(1); !stoppingToken.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks)))
        {
            try
            {
                var outcome = await CreateAsync(users, hasher, time, username, configuration[PasswordSetting]!, stoppingToken);
                LogBootstrapped(username, outcome);
                return;
            }
            catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
            {
                LogStorageNotReady(ex);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First district admin '{Username}': {Outcome}")]
    private partial void LogBootstrapped(string username, Outcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is not ready for the first admin yet; retrying")]
    private partial void LogStorageNotReady(Exception exception);
}
