using Microsoft.AspNetCore.Identity;
using Azure;
using ServerlessMinSheng.Functions.Storage;

namespace ServerlessMinSheng.Functions.Identity;

/// <summary>
/// <c>ServerlessMinSheng.Functions create-admin &lt;username&gt;</c>: creates the first district admin. The
/// password comes from SMS_ADMIN_PASSWORD or the first line of standard input (./run.sh --create-admin
/// prompts for it without echo), never from the command line where other users could see it.
/// Exit codes: 0 created, 1 already exists, 2 invalid input, 3 storage unreachable.
/// </summary>
public static class CreateAdminCommand
{
    public const string Verb = "create-admin";
    public const string PasswordVariable = "SMS_ADMIN_PASSWORD";

    public static async Task<int> RunAsync(string[] args)
    {
        var username = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (username is null)
        {
            await Console.Error.WriteLineAsync($"usage: ServerlessMinSheng.Functions {Verb} <username>   (password from {PasswordVariable} or standard input)");
            return 2;
        }

        var password = Environment.GetEnvironmentVariable(PasswordVariable) ?? await Console.In.ReadLineAsync() ?? string.Empty;
        var problems = FirstAdmin.Problems(username, password);
        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync("无法创建管理员: " + string.Join("；", problems));
            return 2;
        }

        var app = Program.CreateApp(args.Where(a => a != username).ToArray());
        var services = app.Services;
        try
        {
            var outcome = await FirstAdmin.CreateAsync(
                services.GetRequiredService<UserStore>(), services.GetRequiredService<IPasswordHasher<UserAccount>>(), services.GetRequiredService<TimeProvider>(), username, password, CancellationToken.None);
            var normalized = Usernames.Normalize(username);
            Console.WriteLine(outcome == FirstAdmin.Outcome.Created
                ? $"已创建区级管理员 {normalized}，现在可以登录 /signin。"
                : $"用户 {normalized} 已存在，未作任何更改。");
            return outcome == FirstAdmin.Outcome.Created ? 0 : 1;
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            await Console.Error.WriteLineAsync($"存储不可用，未创建管理员: {ex.Message}");
            return 3;
        }
    }
}
