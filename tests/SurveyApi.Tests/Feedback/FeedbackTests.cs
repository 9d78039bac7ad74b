using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ParSurvey.SurveyApi.Board;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Feedback;

/// <summary>Citizens' feedback (PAKN) over HTTP: filing, deadlines, handling, the contact's life, board alerts, the report.</summary>
public class FeedbackTests
{
    /// <summary>Thursday 19 November 2026, 10:00 in Vietnam.</summary>
    private static readonly DateTimeOffset Thursday = new(2026, 11, 19, 3, 0, 0, TimeSpan.Zero);
    private const string Phone = "0912 345 678";
    /// <summary>Friday 27 November configured as a holiday (say, a local one) besides the weekends.</summary>
    private static readonly string[] Settings = ["--ParSurvey:Feedback:Holidays:0=2026-11-27", "--ParSurvey:Feedback:SweepSeconds=1"];

    private static object Body(string text = "Cán bộ yêu cầu nộp thêm bản sao không có trong quy định.", string category = "them-giay-to",
        string? contact = null, bool? consent = null, string? counterId = "a1", string? unitId = null) =>
        new { counterId, unitId, category, text, contact, consent, channel = "qr" };

    private static async Task<JsonElement> FileAsync(ParSurveyServer server, object body)
    {
        var response = await server.Client.PostAsJsonAsync("/api/feedback", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task FiledFeedbackGetsATrackingCodeDueTenWorkingDaysLaterSkippingTheWeekendsAndAHoliday()
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(Thursday), extraArgs: Settings);
        var receipt = await FileAsync(server, Body());
        var code = receipt.GetProperty("code").GetString()!;
        Assert.Matches(new Regex("^PA-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$"), code);
        // Working days after Thu 19/11: Fri 20; Mon 23 … Thu 26 (5); Fri 27 is the holiday; Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 (10).
        Assert.Equal("2026-12-04", receipt.GetProperty("dueDate").GetString());
        var tracked = await server.Client.GetFromJsonAsync<JsonElement>($"/api/feedback/track/{code.ToLowerInvariant()}");
        Assert.Equal("received", tracked.GetProperty("status").GetString());
        Assert.Equal("Phường A", tracked.GetProperty("unitName").GetString());
        Assert.False(tracked.TryGetProperty("contact", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/feedback/track/PA-AAAA-AAAA")).StatusCode);
    }

    [Theory]
    [InlineData("{\"counterId\":\"a1\",\"category\":\"khac\"}", "text")]
    [InlineData("{\"counterId\":\"a1\",\"category\":\"khong-co\",\"text\":\"Nội dung đủ dài\"}", "category")]
    [InlineData("{\"category\":\"khac\",\"text\":\"Nội dung đủ dài\"}", "unitId")]
    [InlineData("{\"unitId\":\"nowhere\",\"category\":\"khac\",\"text\":\"Nội dung đủ dài\"}", "unitId")]
    [InlineData("{\"counterId\":\"zz\",\"category\":\"khac\",\"text\":\"Nội dung đủ dài\"}", "counterId")]
    [InlineData("{\"counterId\":\"a1\",\"unitId\":\"ward-b\",\"category\":\"khac\",\"text\":\"Nội dung đủ dài\"}", "counterId")]
    [InlineData("{\"counterId\":\"a1\",\"category\":\"khac\",\"text\":\"Nội dung đủ dài\",\"contact\":\"0912345678\"}", "consent")]
    [InlineData("{\"counterId\":\"a1\",\"category\":\"khac\",\"text\":\"Nội dung đủ dài\",\"contact\":\"gọi tôi\",\"consent\":true}", "contact")]
    [InlineData("{\"counterId\":\"a1\",\"category\":\"khac\",\"text\":\"Nội dung đủ dài\",\"channel\":\"fax\"}", "channel")]
    [InlineData("{\"counterId\":\"a1\",\"category\":\"khac\",\"text\":42}", "text")]
    public async Task BadFeedbackIsAProblemNamingTheFieldAndNothingIsStored(string json, string field)
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Settings);
        var response = await server.Client.PostAsync("/api/feedback", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.Equal(0, server.Store.CountFeedback() + server.Store.CountFeedback(contacts: true));
    }

    [Fact]
    public async Task FilingIsLimitedPerAddressAsQrRatingsAre()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: [.. Settings, "--ParSurvey:Security:QrRatingsPerMinute=3"]);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsJsonAsync("/api/feedback", Body(text: $"Phản ánh số {i + 1} của tôi"))).StatusCode);
        var refused = await server.Client.PostAsJsonAsync("/api/feedback", Body(text: "Phản ánh số 4 của tôi"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) > 0);
        var form = await server.Client.PostAsync("/phan-anh", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["counterId"] = "a1", ["category"] = "khac", ["text"] = "Phản ánh qua biểu mẫu" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.Equal(3, server.Store.CountFeedback());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task HandlersTakeFeedbackFromReceivedToPublishedEachStepAuditedAndTheContactNeverLeavesTheDetail(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(Thursday), provider: provider, extraArgs: Settings);
        var code = (await FileAsync(server, Body(contact: Phone, consent: true))).GetProperty("code").GetString()!;
        var supervisor = await StaffLogin.NewStaffAsync(server, "supervisor", "ward-a");
        var stranger = await StaffLogin.NewStaffAsync(server, "supervisor", "ward-b");
        var list = await supervisor.GetFromJsonAsync<JsonElement>("/api/feedback");
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("contact").ValueKind);
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>("/api/feedback")).EnumerateArray());
        var id = item.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/feedback/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostAsJsonAsync($"/api/feedback/{id}/answer", new { text = "Không phải việc của tôi" })).StatusCode);
        Assert.Equal(Phone, (await supervisor.GetFromJsonAsync<JsonElement>($"/api/feedback/{id}")).GetProperty("contact").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsync($"/api/feedback/{id}/publish", null)).StatusCode); // nothing answered yet
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/feedback/{id}/assign", new { unitId = "ward-a", assignedTo = "Tổ một cửa" })).StatusCode);
        var shortAnswer = await supervisor.PostAsJsonAsync($"/api/feedback/{id}/answer", new { text = "ok" });
        Assert.Equal(HttpStatusCode.BadRequest, shortAnswer.StatusCode);
        Assert.True((await shortAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/feedback/{id}/answer",
            new { text = "Đơn vị đã nhắc nhở cán bộ; bản sao đó không cần nộp. Xin lỗi Ông/Bà." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync($"/api/feedback/{id}/publish", null)).StatusCode);
        var tracked = await server.Client.GetFromJsonAsync<JsonElement>($"/api/feedback/track/{code}");
        Assert.Equal("published", tracked.GetProperty("status").GetString());
        Assert.StartsWith("Đơn vị đã nhắc nhở", tracked.GetProperty("answer").GetString());

        var audit = await (await server.AdminAsync()).GetStringAsync("/api/admin/audit?limit=200");
        foreach (var action in new[] { "feedback.received", "feedback.contact-viewed", "feedback.assign", "feedback.answer", "feedback.publish" })
            Assert.Contains($"\"{action}\"", audit);
        Assert.DoesNotContain("0912", audit);
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains("0912"));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheContactIsDeletedAfterTheRetentionAndNeverReachesReportsOrPublicPages(string provider)
    {
        var clock = new SettableClock(Thursday);
        await using var server = await ParSurveyServer.StartAsync(clock, provider: provider, extraArgs: [.. Settings, "--ParSurvey:Feedback:ContactRetentionDays=30"]);
        await FileAsync(server, Body(contact: "ba.lan@example.vn", consent: true, text: "Xin hỏi vì sao hồ sơ trễ hẹn; email tôi ba.lan@example.vn"));
        var admin = await server.AdminAsync();
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/feedback"))[0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/feedback/{id}/answer", new { text = "Hồ sơ đã có kết quả, mời Ông/Bà đến nhận." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/feedback/{id}/publish", null)).StatusCode);
        foreach (var path in new[] { "/api/reports?period=2026-11&format=json", "/api/reports?period=2026-11&format=csv&section=feedback",
                     "/api/reports?period=2026-11&format=html" })
            Assert.DoesNotContain("ba.lan", await admin.GetStringAsync(path));
        var publicPage = await server.Client.GetStringAsync("/cong-khai/ward-a");
        Assert.Contains("Hồ sơ đã có kết quả", publicPage);
        Assert.DoesNotContain("ba.lan", publicPage); // the e-mail written into the text is hidden too
        Assert.Equal(1, server.Store.CountFeedback(contacts: true));

        clock.Now = clock.Now.AddDays(30).AddMinutes(1);
        Assert.True(await Eventually.TrueAsync(() => server.Store.CountFeedback(contacts: true) == 0, TimeSpan.FromSeconds(20)), "the contact is still stored");
        admin = await StaffLogin.SignInAsync(server, ParSurveyServer.AdminEmail, server.AdminPassword); // 30 days on: a new sign-in
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/feedback/{id}");
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("contact").ValueKind);
        Assert.False(detail.GetProperty("hasContact").GetBoolean());
    }

    [Fact]
    public async Task HarassmentAlertsTheUnitAndCityBoardsAtOnceAndOverdueFeedbackShowsOnTheBoard()
    {
        var clock = new SettableClock(Thursday);
        await using var server = await ParSurveyServer.StartAsync(clock, extraArgs: Settings);
        var board = server.Services.GetRequiredService<LiveBoard>();
        var urgent = (await FileAsync(server, Body(category: "nhung-nhieu", text: "Cán bộ gợi ý nộp thêm tiền để làm nhanh."))).GetProperty("code").GetString()!;
        Assert.Contains(board.Snapshot("ward-a").Alerts, a => a.Kind == "feedback-urgent" && a.Subject == urgent);
        Assert.Contains(board.Snapshot("city").Alerts, a => a.Kind == "feedback-urgent" && a.Subject == urgent);
        Assert.DoesNotContain(board.Snapshot("ward-b").Alerts, a => a.Kind == "feedback-urgent");

        var late = (await FileAsync(server, Body())).GetProperty("code").GetString()!;
        Assert.DoesNotContain(board.Snapshot("ward-a").Alerts, a => a.Kind == "feedback-overdue");
        clock.Now = new DateTimeOffset(2026, 12, 5, 2, 0, 0, TimeSpan.Zero); // Saturday 5 December: due on Friday the 4th
        Assert.True(await Eventually.TrueAsync(() => board.Snapshot("ward-a").Alerts.Any(a => a.Kind == "feedback-overdue" && a.Subject == late),
            TimeSpan.FromSeconds(20)), "no overdue alert on the board");
        var admin = await server.AdminAsync();
        Assert.Contains((await admin.GetFromJsonAsync<JsonElement>("/api/feedback")).EnumerateArray(),
            i => i.GetProperty("code").GetString() == late && i.GetProperty("overdue").GetBoolean());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheReportCountsFeedbackPerUnitAndCategoryAgainstTheTargets(string provider)
    {
        var clock = new SettableClock(Thursday);
        await using var server = await ParSurveyServer.StartAsync(clock, provider: provider, extraArgs: Settings);
        for (var i = 0; i < 3; i++) await FileAsync(server, Body(category: "tre-hen", text: $"Hồ sơ trễ hẹn lần {i + 1}"));
        await FileAsync(server, Body(category: "khac", counterId: "b1", text: "Xin thêm ghế chờ"));
        var admin = await server.AdminAsync();
        var items = (await admin.GetFromJsonAsync<JsonElement>("/api/feedback")).EnumerateArray().Where(i => i.GetProperty("unitId").GetString() == "ward-a").ToList();
        await admin.PostAsJsonAsync($"/api/feedback/{items[0].GetProperty("id").GetString()}/answer", new { text = "Đã có kết quả, xin lỗi Ông/Bà." });
        await admin.PostAsync($"/api/feedback/{items[0].GetProperty("id").GetString()}/publish", null);
        clock.Now = new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero); // after the due date (4 December)
        admin = await StaffLogin.SignInAsync(server, ParSurveyServer.AdminEmail, server.AdminPassword); // 18 days on: a new sign-in
        await admin.PostAsJsonAsync($"/api/feedback/{items[1].GetProperty("id").GetString()}/answer", new { text = "Trả lời muộn, xin lỗi Ông/Bà." });

        var report = await admin.GetFromJsonAsync<JsonElement>("/api/reports?period=2026-11&format=json");
        var rows = report.GetProperty("feedback").EnumerateArray().ToList();
        var wardA = rows.Single(r => r.GetProperty("unitId").GetString() == "ward-a" && r.GetProperty("category").GetString() == "tre-hen");
        Assert.Equal(3, wardA.GetProperty("received").GetInt64());
        Assert.Equal(2, wardA.GetProperty("answered").GetInt64());
        Assert.Equal(1, wardA.GetProperty("answeredOnTime").GetInt64());
        Assert.Equal(2, wardA.GetProperty("overdue").GetInt64()); // one answered late, one still open past its date
        Assert.Equal(1, wardA.GetProperty("published").GetInt64());
        var total = rows.Single(r => r.GetProperty("unitId").GetString() == "");
        Assert.Equal(4, total.GetProperty("received").GetInt64());
        var wardReport = await admin.GetFromJsonAsync<JsonElement>("/api/reports?period=2026-11&unitId=ward-b&format=json");
        Assert.Equal(1, wardReport.GetProperty("feedback").EnumerateArray().Single(r => r.GetProperty("unitId").GetString() == "ward-b").GetProperty("received").GetInt64());
        var csv = await admin.GetStringAsync("/api/reports?period=2026-11&format=csv&section=feedback");
        Assert.Contains("Phường A,Trễ hẹn,3,2,1,2,1", csv);
    }
}
