using Microsoft.AspNetCore.Identity;
using ServerlessMinSheng.Functions.Storage;
using Azure;
using Azure.Data.Tables;

namespace ServerlessMinSheng.Functions.Identity;

public abstract record SignInOutcome
{
    public sealed record Success(UserAccount Account) : SignInOutcome;

    public sealed record InvalidCredentials : SignInOutcome;

    public sealed record LockedOut(DateTimeOffset Until) : SignInOutcome;
}

/// <summary>
/// Checks a user name and password. An unknown user, a wrong password and a disabled account look
/// the same from outside — same answer, same work (a password hash is always verified). Five failures
/// for one user name within 15 minutes lock it for 15 minutes, whether or not the account exists.
/// </summary>
public sealed class SignInService(UserStore users, AppTables tables, IPasswordHasher<UserAccount> hasher, TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    // Verified when there is no account, so an unknown user costs as much time as a known one.
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<UserAccount>().HashPassword(new UserAccount(), Guid.NewGuid().ToString()));

    public async Task<SignInOutcome> SignInAsync(string username, string password, CancellationToken cancellationToken)
    {
        var key = Usernames.Normalize(username);
        var now = time.GetUtcNow();
        var failures = await GetFailuresAsync(key, cancellationToken);
        var account = Usernames.IsValid(key) ? await users.FindAsync(key, cancellationToken) : null;
        var verdict = hasher.VerifyHashedPassword(account ?? new UserAccount(), account?.PasswordHash ?? DecoyHash.Value, password);

        if (failures?.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            return new SignInOutcome.LockedOut(lockedUntil);
        }

        if (account is null || account.Disabled || verdict == PasswordVerificationResult.Failed)
        {
            var locked = await RecordFailureAsync(key, now, cancellationToken);
            return locked is { } until ? new SignInOutcome.LockedOut(until) : new SignInOutcome.InvalidCredentials();
        }

        if (failures is not null)
        {
            var table = await tables.GetAsync(SignInFailures.TableName, cancellationToken);
            await table.DeleteEntityAsync(SignInFailures.Partition, key, cancellationToken: cancellationToken);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password);
            await users.SaveAsync(account, cancellationToken);
        }

        return new SignInOutcome.Success(account);
    }

    public async Task ClearFailuresAsync(string normalizedUsername, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(SignInFailures.TableName, cancellationToken);
        await table.DeleteEntityAsync(SignInFailures.Partition, normalizedUsername, cancellationToken: cancellationToken);
    }

    private async Task<SignInFailures?> GetFailuresAsync(string key, CancellationToken cancellationToken)
    {
        if (key.Length is 0 or > 64)
        {
            return null;
        }

        var table = await tables.GetAsync(SignInFailures.TableName, cancellationToken);
        return await table.GetEntityOrDefaultAsync<SignInFailures>(SignInFailures.Partition, key, cancellationToken: cancellationToken);
    }

    /// <summary>Counts a failure (retrying if another attempt raced it); returns the lockout end when this one locks.</summary>
    private async Task<DateTimeOffset?> RecordFailureAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (key.Length is 0 or > 64 || key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            return null; // Not a name anyone could hold; nothing to lock.
        }

        var table = await tables.GetAsync(SignInFailures.TableName, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var row = await table.GetEntityOrDefaultAsync<SignInFailures>(SignInFailures.Partition, key, cancellationToken: cancellationToken);
            var fresh = row is null || now - row.WindowStart > FailureWindow;
            var next = new SignInFailures { RowKey = key, Count = fresh ? 1 : row!.Count + 1, WindowStart = fresh ? now : row!.WindowStart };
            if (next.Count >= MaxFailures)
            {
                next.LockedUntil = now + LockoutDuration;
                next.Count = 0;
                next.WindowStart = now;
            }

            try
            {
                if (row is null)
                {
                    await table.AddEntityAsync(next, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return next.LockedUntil;
            }
            catch (RequestFailedException ex) when (attempt < 5 && (ex.IsConflict() || ex.ErrorCode == "EntityAlreadyExists"))
            {
                // Another failed attempt for the same name landed first; count again on top of it.
            }
        }
    }
}
