using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>Signs in the way a person does: open /login, send the form with its antiforgery token, keep the cookie.</summary>
public static partial class StaffLogin
{
    public static async Task<HttpResponseMessage> PostLoginFormAsync(HttpClient client, string email, string password)
    {
        var page = await (await client.GetAsync("/login")).Content.ReadAsStringAsync();
        var token = TokenField().Match(page);
        if (!token.Success) throw new InvalidOperationException("No antiforgery field on /login:\n" + page);
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
            ["email"] = email,
            ["password"] = password,
        }));
    }

    public static async Task<HttpClient> SignInAsync(ParSurveyServer server, string email, string password)
    {
        var client = server.NewClient();
        var response = await PostLoginFormAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await SendAntiforgeryHeaderAsync(client);
        return client;
    }

    /// <summary>As a script does: fetch a token from GET /api/antiforgery and send it with every later request.</summary>
    public static async Task SendAntiforgeryHeaderAsync(HttpClient client)
    {
        var answer = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/antiforgery");
        var header = answer.GetProperty("headerName").GetString()!;
        client.DefaultRequestHeaders.Remove(header);
        client.DefaultRequestHeaders.Add(header, answer.GetProperty("token").GetString());
    }

    /// <summary>Has the admin create an account, signs it in and replaces its one-time password, as a new colleague would.</summary>
    public static async Task<HttpClient> NewStaffAsync(ParSurveyServer server, string role, string? unitId = null) =>
        (await NewStaffAccountAsync(server, role, unitId)).Client;

    /// <summary>As <see cref="NewStaffAsync"/>, also giving the email and the password the person chose.</summary>
    public static async Task<(HttpClient Client, string Email, string Password)> NewStaffAccountAsync(ParSurveyServer server, string role, string? unitId = null)
    {
        var admin = await server.AdminAsync();
        var email = $"{role}-{Guid.NewGuid():N}@test.vn";
        var first = "Tam-thoi-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync("/api/admin/staff", new { email, displayName = $"Cán bộ {role}", role, unitId, password = first });
        if (created.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating {role}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var client = await SignInAsync(server, email, first);
        var change = await ChangePasswordAsync(client, first, first + "-moi");
        if (change.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Changing the password of {email}: {(int)change.StatusCode}");
        return (client, email, first + "-moi");
    }

    public static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next)
    {
        var page = await (await client.GetAsync("/account/password")).Content.ReadAsStringAsync();
        var token = TokenField().Match(page);
        return await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
            ["current"] = current,
            ["password"] = next,
            ["confirm"] = next,
        }));
    }

    /// <summary>A form's hidden antiforgery field (name, value), as the server pages write it; one pattern for every test.</summary>
    [GeneratedRegex("""<input type="hidden" name="([^"]+)" value="([^"]+)" ?/?>""")]
    public static partial Regex TokenField();
}
