using System.Net;
using System.Text.RegularExpressions;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

/// <summary>Issue 13, finding 4: after signing in, the browser goes to a path on this server or to "/", never elsewhere.</summary>
public partial class RedirectTests
{
    private static async Task<HttpResponseMessage> SignInWithReturnUrlAsync(ParSurveyServer server, string returnUrl)
    {
        var client = server.NewClient();
        var page = await (await client.GetAsync("/login")).Content.ReadAsStringAsync();
        var token = StaffLogin.TokenField().Match(page);
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
            ["email"] = ParSurveyServer.AdminEmail,
            ["password"] = server.AdminPassword,
            ["returnUrl"] = returnUrl,
        }));
    }

    [Theory]
    [InlineData("/\t/evil.example/a")]
    [InlineData("/%09/evil.example/a")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/%2F/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%252F%252Fevil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("evil.example")]
    [InlineData("/\r\nSet-Cookie: x=1")]
    [InlineData("/%0d%0aSet-Cookie:%20x=1")]
    [InlineData("/\n/evil.example")]
    [InlineData("/bảng")]
    public async Task SignInNeverSendsTheBrowserOffThisServer(string returnUrl)
    {
        await using var server = await ParSurveyServer.StartAsync();

        var response = await SignInWithReturnUrlAsync(server, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/board?unitId=ward-a")]
    [InlineData("/reports/print?period=2026-01-05..2026-02-10")]
    [InlineData("/api/reports?period=2026-10&unitId=ward-a")]
    public async Task SignInReturnsToALocalPath(string returnUrl)
    {
        await using var server = await ParSurveyServer.StartAsync();

        var response = await SignInWithReturnUrlAsync(server, returnUrl);

        Assert.Equal(returnUrl, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/%09/evil.example/a")]
    [InlineData("%2F%2Fevil.example")]
    public async Task SignInPageDoesNotCarryAForeignReturnUrlIntoItsForm(string encoded)
    {
        await using var server = await ParSurveyServer.StartAsync();

        var page = await server.Client.GetStringAsync("/login?returnUrl=" + encoded);

        Assert.Contains("name=\"returnUrl\" value=\"\"", page);
    }
}
