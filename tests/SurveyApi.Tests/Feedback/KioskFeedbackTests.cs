using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Feedback;

/// <summary>
/// Feedback filed at the counter's kiosk (issue 18 "from the kiosk's follow-up"): the tablet's queue posts it with its own
/// id and tracking code, so a resend is stored once and the citizen's code holds even when it was made offline.
/// </summary>
public class KioskFeedbackTests
{
    /// <summary>Thursday 19 November 2026, 10:00 in Vietnam.</summary>
    private static readonly DateTimeOffset Thursday = new(2026, 11, 19, 3, 0, 0, TimeSpan.Zero);
    private static readonly string[] Holiday = ["--ParSurvey:Feedback:Holidays:0=2026-11-27"];

    private static Dictionary<string, object?> Item(Guid id, string code, string text = "Quầy đóng sớm 15 phút, tôi phải quay lại hôm sau.",
        string category = "thai-do", DateTimeOffset? submittedAt = null) => new()
    {
        ["id"] = id, ["code"] = code, ["category"] = category, ["text"] = text, ["contact"] = "ba.lan@example.vn", ["consent"] = true,
        ["channel"] = "kiosk", ["submittedAt"] = submittedAt ?? Thursday.AddDays(-1),
    };

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, object body, string path = "/api/kiosk/feedback")
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static void AssertProblemNames((HttpStatusCode Status, JsonElement Body) answer, HttpStatusCode status, string field)
    {
        Assert.True(answer.Status == status, $"{answer.Status} {answer.Body}");
        Assert.True(answer.Body.GetProperty("errors").TryGetProperty(field, out _), answer.Body.ToString());
    }

    [Fact]
    public async Task AKioskFilesFeedbackUnderItsOwnCodeAndCounterAndAResendIsStoredOnce()
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(Thursday), extraArgs: Holiday);
        var kiosk = await server.KioskAsync("a1");
        var id = Guid.NewGuid();
        var first = await PostAsync(kiosk, Item(id, "PA-KQ7M-2XPA"));
        Assert.True(first.Status == HttpStatusCode.Created, $"{first.Status} {first.Body}");
        Assert.Equal("PA-KQ7M-2XPA", first.Body.GetProperty("code").GetString());
        // Filed on Wednesday 18/11 while the tablet was offline: ten working days from then, Friday 27/11 a holiday.
        Assert.Equal("2026-12-03", first.Body.GetProperty("dueDate").GetString());

        // The queue sends it again (the answer was lost): the same receipt, stored once, one audit line, no second alert.
        var again = await PostAsync(kiosk, Item(id, "PA-KQ7M-2XPA"));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Body.ToString(), again.Body.ToString());
        Assert.Equal((1L, 1L), (server.Store.CountFeedback(), server.Store.CountFeedback(contacts: true)));

        var admin = await server.AdminAsync();
        var stored = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/feedback")).EnumerateArray());
        Assert.Equal(("a1", "ward-a", "kiosk", id.ToString()), (stored.GetProperty("counterId").GetString(), stored.GetProperty("unitId").GetString(),
            stored.GetProperty("channel").GetString(), stored.GetProperty("id").GetString()));
        var tracked = await server.Client.GetFromJsonAsync<JsonElement>("/api/feedback/track/pa-kq7m-2xpa");
        Assert.Equal("received", tracked.GetProperty("status").GetString());
        var audit = await admin.GetStringAsync("/api/admin/audit?limit=200");
        Assert.Equal(1, audit.Split("\"feedback.received\"").Length - 1);
        Assert.DoesNotContain("ba.lan", audit);
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains("ba.lan"));
    }

    [Fact]
    public async Task KioskFeedbackThatConflictsOrBreaksTheRulesIsAProblemNamingTheFieldAndNothingIsStored()
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(Thursday), extraArgs: Holiday);
        var kiosk = await server.KioskAsync("a1");
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(kiosk, Item(id, "PA-AAAA-2222"))).Status);

        AssertProblemNames(await PostAsync(kiosk, Item(id, "PA-AAAA-2222", text: "Một nội dung khác hẳn")), HttpStatusCode.Conflict, "id");
        AssertProblemNames(await PostAsync(kiosk, Item(Guid.NewGuid(), "PA-AAAA-2222")), HttpStatusCode.Conflict, "code");
        AssertProblemNames(await PostAsync(kiosk, Item(Guid.NewGuid(), "PA-0000-1111")), HttpStatusCode.BadRequest, "code");
        AssertProblemNames(await PostAsync(kiosk, Item(Guid.NewGuid(), "PA-BBBB-3333", submittedAt: Thursday.AddHours(2))), HttpStatusCode.BadRequest, "submittedAt");
        AssertProblemNames(await PostAsync(kiosk, new Dictionary<string, object?>(Item(Guid.NewGuid(), "PA-BBBB-4444")) { ["counterId"] = "b1" }),
            HttpStatusCode.BadRequest, "counterId");
        AssertProblemNames(await PostAsync(kiosk, new Dictionary<string, object?>(Item(Guid.NewGuid(), "PA-BBBB-5555")) { ["consent"] = false }),
            HttpStatusCode.BadRequest, "consent");
        // Only a paired kiosk brings its own code or files on the kiosk channel; without a key the kiosk route is closed.
        AssertProblemNames(await PostAsync(server.Client, Item(Guid.NewGuid(), "PA-CCCC-6666").Where(p => p.Key != "channel" && p.Key != "submittedAt")
            .Append(new("counterId", "a1")).ToDictionary(), "/api/feedback"), HttpStatusCode.BadRequest, "code");
        AssertProblemNames(await PostAsync(server.Client, new { counterId = "a1", category = "khac", text = "Nội dung đủ dài", channel = "kiosk" }, "/api/feedback"),
            HttpStatusCode.BadRequest, "channel");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(server.Client, Item(Guid.NewGuid(), "PA-DDDD-7777"))).Status);
        var bad = await kiosk.PostAsync("/api/kiosk/feedback", new StringContent("{\"id\":\"not-a-uuid\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("id", out _));

        Assert.Equal((1L, 1L), (server.Store.CountFeedback(), server.Store.CountFeedback(contacts: true)));
    }

    [Fact]
    public async Task ThePhoneSurveyAndTheKioskOfferTheFeedbackFormForTheirCounter()
    {
        await using var server = await ParSurveyServer.StartAsync();
        // The kiosk has the categories in its cached catalog and the public address for the receipt.
        var catalog = await server.Client.GetFromJsonAsync<JsonElement>("/api/catalog");
        Assert.Contains(catalog.GetProperty("feedbackCategories").EnumerateArray(), c => c.GetProperty("code").GetString() == "nhung-nhieu");
        var config = await server.Client.GetFromJsonAsync<JsonElement>("/api/kiosk/config");
        Assert.Equal("http://localhost:5080/phan-anh", config.GetProperty("trackingUrl").GetString());
        // The phone's link (/phan-anh?counter=…) opens the form set to that counter and its unit.
        var form = await server.Client.GetStringAsync("/phan-anh?counter=a2&channel=qr");
        Assert.Contains("<input type=\"hidden\" name=\"counterId\" value=\"a2\">", form);
        Assert.Contains("<input type=\"hidden\" name=\"unitId\" value=\"ward-a\">", form);
        Assert.Contains("<input type=\"hidden\" name=\"channel\" value=\"qr\">", form);
        var survey = await server.Client.GetStringAsync("/s/any-token");
        Assert.Contains("href=\"/phan-anh?channel=qr\"", survey); // survey.js sets the counter once the link is read
        Assert.Contains("/phan-anh?counter=${encodeURIComponent(info.counterId)}&channel=qr",
            await server.Client.GetStringAsync("/_content/Kiosk/js/survey.js"));
    }
}
