using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

/// <summary>
/// Makes sure there is an administrator. From ParSurvey:Admin:Email/Password when set; otherwise, on the first start
/// of an empty database, an account with a one-time password written to the console (never to the log), which must be
/// changed at first sign-in. There is no built-in default password.
/// Servers sharing a store that start together make it once: the check and the creation run under a lock they all respect.
/// </summary>
public sealed class FirstAdmin(IStaffStore store, StaffService staff, IOptions<AdminOptions> options, IClusterLock locks, ILogger<FirstAdmin> logger)
    : IHostedService
{
    public const string DefaultEmail = "admin@parsurvey.local";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync("first-admin", cancellationToken);
        var configured = options.Value;
        if (!string.IsNullOrWhiteSpace(configured.Email) && !string.IsNullOrEmpty(configured.Password))
        {
            if (await store.FindByEmailAsync(configured.Email, cancellationToken) is null)
            {
                await staff.CreateAsync(new NewStaff(configured.Email, "Quản trị hệ thống", Roles.Admin, null, configured.Password),
                    "configuration", mustChangePassword: false, cancellationToken);
                logger.LogInformation("Administrator {Email} created from configuration", configured.Email);
            }
            return;
        }
        if (await store.CountAsync(cancellationToken) > 0) return;

        var email = string.IsNullOrWhiteSpace(configured.Email) ? DefaultEmail : configured.Email.Trim();
        var password = Secrets.NewOneTimePassword();
        await staff.CreateAsync(new NewStaff(email, "Quản trị hệ thống", Roles.Admin, null, password), "first-start", mustChangePassword: true, cancellationToken);
        logger.LogWarning("No administrator was configured: created {Email} with a one-time password shown on the console", email);
        // Console, not ILogger: log files are kept and shipped; this password must be changed at first sign-in anyway.
        Console.Out.WriteLine();
        Console.Out.WriteLine("================================================================");
        Console.Out.WriteLine($" ParSurvey: tài khoản quản trị đầu tiên / first administrator");
        Console.Out.WriteLine($"   email:    {email}");
        Console.Out.WriteLine($"   mật khẩu dùng một lần / one-time password: {password}");
        Console.Out.WriteLine($"   Đăng nhập tại /login và đổi mật khẩu / sign in at /login and change it.");
        Console.Out.WriteLine("================================================================");
        Console.Out.WriteLine();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
