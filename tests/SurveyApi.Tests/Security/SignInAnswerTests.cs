using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

/// <summary>
/// Issue 13, findings 6 and 7: a sign-in failure says nothing about the account until the right password is given,
/// and the lock-out holds however many wrong passwords arrive at once.
/// </summary>
public partial class SignInAnswerTests
{
    private static async Task<(string Email, string Password, string Id)> NewReporterAsync(ParSurveyServer server)
    {
        var email = $"bao-cao-{Guid.NewGuid():N}@test.vn";
        const string password = "Mat-khau-dung-2026";
        var admin = await server.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/staff", new { email, displayName = "Trần Văn Bình", role = "reporter", password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (email, password, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private static async Task<(HttpStatusCode Status, string Message)> AnswerAsync(ParSurveyServer server, string email, string password)
    {
        var response = await StaffLogin.PostLoginFormAsync(server.NewClient(), email, password);
        var alert = Alert().Match(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, alert.Success ? alert.Groups[1].Value : "");
    }

    [Fact]
    public async Task UnknownDisabledAndLockedAccountsAnswerAWrongPasswordAlike()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (locked, lockedPassword, _) = await NewReporterAsync(server);
        for (var i = 0; i < 5; i++) await AnswerAsync(server, locked, "doan-sai-" + i);
        var (disabled, disabledPassword, disabledId) = await NewReporterAsync(server);
        await (await server.AdminAsync()).PostAsync($"/api/admin/staff/{disabledId}/disable", null);
        var (active, _, _) = await NewReporterAsync(server);

        var answers = new[]
        {
            await AnswerAsync(server, "khong-ai-ca@test.vn", "mat-khau-bat-ky"),
            await AnswerAsync(server, active, "mat-khau-sai"),
            await AnswerAsync(server, disabled, "mat-khau-sai"),
            await AnswerAsync(server, locked, "mat-khau-sai"),
        };

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Unauthorized, "Email hoặc mật khẩu không đúng."), a));
        // Only the owner, with the right password, learns why.
        Assert.Contains("vô hiệu hóa", (await AnswerAsync(server, disabled, disabledPassword)).Message);
        Assert.Contains("tạm khóa", (await AnswerAsync(server, locked, lockedPassword)).Message);
    }

    [Fact]
    public async Task UnknownEmailTakesAboutAsLongAsAWrongPassword()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (email, _, _) = await NewReporterAsync(server);
        var client = server.NewClient();
        async Task<double> TimeMs(string who, string password)
        {
            var watch = Stopwatch.StartNew();
            await StaffLogin.PostLoginFormAsync(client, who, password);
            return watch.Elapsed.TotalMilliseconds;
        }
        await TimeMs("khoi-dong@test.vn", "x"); // warm-up
        var unknown = new List<double>();
        var known = new List<double>();
        // Interleaved, so a busy moment of the shared machine falls on both; 4 wrong passwords stay under the lock-out.
        for (var i = 0; i < 4; i++)
        {
            unknown.Add(await TimeMs($"khong-co-{i}@test.vn", "sai-" + i));
            known.Add(await TimeMs(email, "sai-" + i));
        }
        double Median(List<double> xs) { xs.Sort(); return (xs[1] + xs[2]) / 2; }

        // Both verify one password hash; the known account also writes its count. Without the dummy hash an unknown
        // email answered in a few milliseconds against tens for a wrong password.
        Assert.True(Median(unknown) > Median(known) / 4, $"unknown email {Median(unknown):F1} ms, wrong password {Median(known):F1} ms");
    }

    [Fact]
    public async Task TwentyConcurrentWrongPasswordsGetAtMostFiveChances()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (email, password, _) = await NewReporterAsync(server);
        var clients = Enumerable.Range(0, 20).Select(_ => server.NewClient()).ToArray();
        var pages = await Task.WhenAll(clients.Select(c => c.GetStringAsync("/login")));

        var answers = await Task.WhenAll(clients.Select((c, i) =>
            c.PostAsync("/login", Form(pages[i], email, "doan-mo-" + i))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        var audit = (await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000")).EnumerateArray()
            .Where(e => e.GetProperty("target").GetString() == $"staff:{email}").ToArray();
        var chances = audit.Count(e => e.GetProperty("action").GetString() == "staff.signin-failed");
        Assert.Equal(5, chances);
        Assert.Single(audit, e => e.GetProperty("action").GetString() == "staff.lockout");
        // The right password now does not sign in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await StaffLogin.PostLoginFormAsync(server.NewClient(), email, password)).StatusCode);
    }

    [Fact]
    public async Task LockOutEndsAfterItsTimeAndTheRightPasswordSignsIn()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock);
        var (email, password, _) = await NewReporterAsync(server);
        for (var i = 0; i < 5; i++) await AnswerAsync(server, email, "doan-sai-" + i);
        Assert.Contains("09:15", (await AnswerAsync(server, email, password)).Message); // locked until 09:15 Vietnam time

        clock.Now = clock.Now.AddMinutes(16);

        var signIn = await StaffLogin.PostLoginFormAsync(server.NewClient(), email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    private static FormUrlEncodedContent Form(string page, string email, string password)
    {
        var token = StaffLogin.TokenField().Match(page);
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value), ["email"] = email, ["password"] = password,
        });
    }

    [GeneratedRegex("""<p class="error" role="alert">([^<]*)</p>""")]
    private static partial Regex Alert();

}
