using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ParSurvey.SurveyApi.Reports;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParSurvey.SurveyApi.Tests.Cluster;

/// <summary>Several servers on one PostgreSQL database behave as one: what one is told, the others know within a second.</summary>
public class SharedStateTests(ITestOutputHelper output)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ASignInOnOneServerIsAcceptedByAnotherAndEndingItThereEndsItEverywhereWithinOneSecond()
    {
        await using var nodes = await ServerNodes.StartAsync(2);
        var (a, b) = (nodes[0], nodes[1]);
        // Signed in through A's form, with A's antiforgery token: the cookies are the host's, whichever server answers.
        var admin = await a.AdminAsync();
        var me = await admin.GetAsync(new Uri(b.Address, "/api/me"));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains(ParSurveyServer.AdminEmail, await me.Content.ReadAsStringAsync());
        // A state change on B with the cookie and the antiforgery token A issued.
        var created = await admin.PostAsJsonAsync(new Uri(b.Address, "/api/admin/devices"), new { counterId = "a1", name = "Máy quầy 1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var (supervisor, email, _) = await StaffLogin.NewStaffAccountAsync(a, "supervisor", "ward-a");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(new Uri(b.Address, "/api/me"))).StatusCode);
        var staff = await admin.GetFromJsonAsync<JsonElement>("/api/admin/staff");
        var id = Items(staff).Single(s => s.GetProperty("email").GetString() == email).GetProperty("id").GetString();

        // An admin ends her sessions on A: B refuses her cookie within a second, not after its few seconds of cache.
        var ended = await admin.DeleteAsync($"/api/admin/staff/{id}/sessions");
        Assert.True(ended.IsSuccessStatusCode, $"ending the sessions answered {(int)ended.StatusCode}");
        var since = Stopwatch.StartNew();
        Assert.True(await Eventually.TrueAsync(() => supervisor.GetAsync(new Uri(b.Address, "/api/me")).Result.StatusCode != HttpStatusCode.OK, OneSecond),
            "B still accepted the ended session after a second");
        output.WriteLine($"session ended on A, refused by B after {since.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task AnAnswerPublishedThroughOneServerIsOnAnotherServersPublicPageWithinTwoSeconds()
    {
        await using var nodes = await ServerNodes.StartAsync(2);
        var (a, b) = (nodes[0], nodes[1]);
        var filed = await a.Client.PostAsJsonAsync("/api/feedback", new
        {
            counterId = "a1", category = "them-giay-to", text = "Cán bộ yêu cầu nộp thêm bản sao không có trong quy định.", channel = "qr",
        });
        Assert.True(filed.StatusCode == HttpStatusCode.Created, $"{(int)filed.StatusCode} {await filed.Content.ReadAsStringAsync()}");
        var admin = await a.AdminAsync();
        var id = Items(await admin.GetFromJsonAsync<JsonElement>("/api/feedback")).Single().GetProperty("id").GetString();
        const string answer = "Đơn vị đã nhắc nhở cán bộ; bản sao đó không cần nộp. Xin lỗi Ông/Bà.";
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/feedback/{id}/answer", new { text = answer })).StatusCode);
        // B has its public page of the unit in its cache (kept for five minutes by default) before the answer is published.
        Assert.DoesNotContain(answer, await b.Client.GetStringAsync("/cong-khai/ward-a"));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/feedback/{id}/publish", null)).StatusCode);
        var since = Stopwatch.StartNew();
        Assert.True(await Eventually.TrueAsync(() => b.Client.GetStringAsync("/cong-khai/ward-a").Result.Contains(answer), TimeSpan.FromSeconds(2)),
            "B's public page did not show the answer published through A within 2 s");
        output.WriteLine($"published on A, on B's public page after {since.ElapsedMilliseconds} ms");
    }

    private static IEnumerable<JsonElement> Items(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : list.GetProperty("items").EnumerateArray();

    [Fact]
    public async Task ADeviceRevokedOnOneServerIsRefusedByAnotherWithinOneSecond()
    {
        await using var nodes = await ServerNodes.StartAsync(2);
        var (a, b) = (nodes[0], nodes[1]);
        var admin = await a.AdminAsync();
        var device = await (await admin.PostAsJsonAsync("/api/admin/devices", new { counterId = "a1", name = "Máy quầy 1" })).Content.ReadFromJsonAsync<JsonElement>();
        var paired = await (await b.Client.PostAsJsonAsync("/api/devices/pair", new { pairingCode = device.GetProperty("pairingCode").GetString() }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var kiosk = b.NewClient();
        kiosk.DefaultRequestHeaders.Authorization = new("Device", paired.GetProperty("deviceKey").GetString());
        // B has checked the key and keeps it in its cache.
        Assert.Equal(HttpStatusCode.Created, (await kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New("a1", 4))).StatusCode);

        var revoked = await admin.DeleteAsync($"/api/admin/devices/{device.GetProperty("id").GetString()}");
        Assert.True(revoked.IsSuccessStatusCode, $"revoking answered {(int)revoked.StatusCode}");
        var since = Stopwatch.StartNew();
        Assert.True(await Eventually.TrueAsync(() => kiosk.GetAsync("/api/kiosk/device").Result.StatusCode == HttpStatusCode.Unauthorized, OneSecond),
            "B still accepted the revoked key after a second");
        output.WriteLine($"revoked on A, refused by B after {since.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.Unauthorized, (await kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New("a1", 4))).StatusCode);
    }

    [Fact]
    public async Task ACatalogChangeOnOneServerIsInForceOnAnotherWithinOneSecond()
    {
        await using var nodes = await ServerNodes.StartAsync(2);
        var (a, b) = (nodes[0], nodes[1]);
        var admin = await a.AdminAsync();
        var catalog = JsonNode.Parse(await admin.GetStringAsync("/api/admin/catalog"))!;
        var unit = catalog["units"]!.AsArray().First(u => (string?)u!["id"] == "ward-b")!;
        unit["name"] = "Phường Bến Thành (đổi tên)";
        Assert.DoesNotContain("(đổi tên)", await b.Client.GetStringAsync("/api/catalog"));
        var put = await admin.PutAsync("/api/admin/catalog", new StringContent(catalog.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, $"the upload answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        var since = Stopwatch.StartNew();

        var onB = b.Services.GetRequiredService<ParSurvey.SurveyApi.Catalog.CatalogProvider>();
        Assert.True(await Eventually.TrueAsync(() => onB.Current.FindUnit("ward-b")?.Name == "Phường Bến Thành (đổi tên)", OneSecond),
            "B's catalog in force did not have the new name within a second");
        var took = since.ElapsedMilliseconds;
        output.WriteLine($"catalog replaced on A, in force on B after {took} ms");
        Assert.True(took <= 1000, $"B took {took} ms");
        Assert.Contains("Phường Bến Thành (đổi tên)", await b.Client.GetStringAsync("/api/catalog"));
        // And a server started afterwards reads it from the store, not from its own configured file.
        var c = await nodes.AddAsync();
        Assert.Contains("Phường Bến Thành (đổi tên)", await c.Client.GetStringAsync("/api/catalog"));
    }

    [Fact]
    public async Task ThreeServersStartingTogetherOnAnEmptyDatabaseMakeOneFirstAdministratorAndOneKey()
    {
        // No configured password: each server would make the first administrator with a one-time password.
        await using var nodes = await ServerNodes.StartAsync(3, together: true, extraArgs: [ParSurveyServer.NoConfiguredAdmin]);

        Assert.Equal(1, await nodes.CountAsync("SELECT COUNT(*) FROM staff;"));
        Assert.Equal(1, nodes.Servers.Count(s => s.Logs.Lines.Any(l => l.Contains("with a one-time password shown on the console"))));
        Assert.Equal(1, await nodes.CountAsync("SELECT COUNT(*) FROM data_protection_keys;"));
        foreach (var server in nodes.Servers) Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task TheMonthlyJobRunningOnThreeServersArchivesEachReportOnce()
    {
        await using var nodes = await ServerNodes.StartAsync(3);
        await nodes[0].PostRatingAsync(RatingBody.New("a1", 4));

        // The schedule fires on every server at 06:00 on the 1st: here all three run it at the same moment.
        await Task.WhenAll(nodes.Servers.Select(s => s.Services.GetRequiredService<MonthlyReportJob>().RunAsync(CancellationToken.None)));

        var units = (await nodes[1].Client.GetFromJsonAsync<JsonElement>("/api/catalog")).GetProperty("units").GetArrayLength();
        var formats = 4; // xlsx, csv, html, json: ParSurvey:Reports:ArchiveFormats' default
        Assert.Equal((units + 1) * formats, await nodes.CountAsync("SELECT COUNT(*) FROM report_archive;"));
        Assert.Equal(0, await nodes.CountAsync(
            "SELECT COUNT(*) FROM (SELECT unit_id, period_key, format FROM report_archive GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) twice;"));
    }
}
