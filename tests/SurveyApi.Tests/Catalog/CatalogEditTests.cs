using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Catalog;

/// <summary>
/// GET/PUT /api/admin/catalog against the real app: the upload format round-trips, edits that touch stored ratings wait
/// for ?confirm=true and say what they touch, every applied edit is audited. Ratings are seeded in October, a past month.
/// </summary>
public class CatalogEditTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

    private static Task<ParSurveyServer> StartAsync() =>
        ParSurveyServer.StartAsync(new SettableClock(Now), extraArgs: ["--ParSurvey:Ingest:MaxOfflineAgeDays=60"]);

    /// <summary>Stores one rating given on an October day and checks it was taken.</summary>
    private static async Task SeedAsync(ParSurveyServer server, string counter, int score, int day, string? field = null)
    {
        var rating = RatingBody.New(counter, score, fieldCode: field ?? TestCatalog.FieldsOf[counter][0]);
        rating["submittedAt"] = $"2026-10-{day:00}T09:{day:00}:00+07:00";
        var response = await server.PostRatingAsync(rating);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"seeding {counter}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient admin, string json, bool confirm = false) =>
        admin.PutAsync("/api/admin/catalog" + (confirm ? "?confirm=true" : ""), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<string> AdminCatalogAsync(HttpClient admin) => await admin.GetStringAsync("/api/admin/catalog");

    private static async Task<JsonElement[]> CatalogAuditAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit")).EnumerateArray()
        .Where(e => e.GetProperty("action").GetString() == "catalog.replace").ToArray();

    private static JsonObject Node(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Item(JsonObject catalog, string list, string id) =>
        catalog[list]!.AsArray().Select(n => n!.AsObject()).Single(o => (o["id"] ?? o["code"])!.GetValue<string>() == id);

    [Fact]
    public async Task AdminCatalogPutBackUnchangedChangesNothing()
    {
        await using var server = await StartAsync();
        for (var day = 1; day <= 6; day++) await SeedAsync(server, "x1", day % 3 + 1, day);
        for (var day = 1; day <= 4; day++) await SeedAsync(server, "a1", day % 4 + 1, day + 10);
        var admin = await server.AdminAsync();
        var reports = new Dictionary<string, byte[]>();
        foreach (var format in new[] { "json", "html", "csv&section=fields", "csv&section=units" })
            reports[format] = await admin.GetByteArrayAsync($"/api/reports?period=2026-10&format={format}");
        var publicBefore = await server.Client.GetStringAsync("/api/catalog");
        var uploadFormat = await AdminCatalogAsync(admin);

        // The upload format names a unit's own scale as "scale" and leaves inherited ones out.
        var file = Node(uploadFormat);
        Assert.Equal("3-muc", Item(file, "units", "dept-x")["scale"]!.GetValue<string>());
        Assert.Null(Item(file, "units", "ward-a")["scale"]);
        Assert.DoesNotContain("scaleId", uploadFormat);

        var response = await PutAsync(admin, uploadFormat);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetBoolean());

        Assert.Equal(uploadFormat, await AdminCatalogAsync(admin));
        Assert.Equal(publicBefore, await server.Client.GetStringAsync("/api/catalog"));
        foreach (var (format, before) in reports)
        {
            var after = await admin.GetByteArrayAsync($"/api/reports?period=2026-10&format={format}");
            Assert.True(before.AsSpan().SequenceEqual(after), $"the {format} report of October changed");
        }
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "catalog.json")), "an unchanged catalog was written to the data folder");
        Assert.Empty(await CatalogAuditAsync(admin));
    }

    [Fact]
    public async Task ScaleChangeWithoutConfirmIsRefusedNamingHowManyRatingsItTouches()
    {
        await using var server = await StartAsync();
        var seededAtX1 = 0;
        for (var day = 1; day <= 7; day++, seededAtX1++) await SeedAsync(server, "x1", day % 3 + 1, day);
        for (var day = 1; day <= 3; day++) await SeedAsync(server, "a1", 4, day);
        var admin = await server.AdminAsync();
        var before = await AdminCatalogAsync(admin);
        var edited = Node(before);
        Item(edited, "units", "dept-x")["scale"] = "4-muc";

        var refused = await PutAsync(admin, edited.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(seededAtX1, problem.GetProperty("ratings").GetInt64());
        Assert.Contains($"{seededAtX1}", problem.GetProperty("detail").GetString());
        Assert.Equal(["dept-x"], problem.GetProperty("units").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["x1"], problem.GetProperty("counters").EnumerateArray().Select(u => u.GetString()));
        var counter = problem.GetProperty("affected").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "counter");
        Assert.Equal(("scale", "3-muc", "4-muc", seededAtX1), (counter.GetProperty("change").GetString(), counter.GetProperty("from").GetString(),
            counter.GetProperty("to").GetString(), counter.GetProperty("ratings").GetInt64()));
        Assert.Equal(before, await AdminCatalogAsync(admin));
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "catalog.json")));
        Assert.Empty(await CatalogAuditAsync(admin));

        var confirmed = await PutAsync(admin, edited.ToJsonString(), confirm: true);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("4-muc", (await server.Client.GetFromJsonAsync<JsonElement>("/api/catalog")).GetProperty("counters").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == "x1").GetProperty("scaleId").GetString());
        var audit = Assert.Single(await CatalogAuditAsync(admin)).GetProperty("details").GetString()!;
        Assert.Contains("unit dept-x 3-muc→4-muc", audit);
        Assert.Contains("counter x1 3-muc→4-muc", audit);
        Assert.Contains($"{seededAtX1}", audit);
    }

    private static readonly string[] ReportFormats = ["json", "html", "csv&section=summary", "csv&section=fields", "csv&section=units"];

    private static async Task<Dictionary<string, byte[]>> OctoberReportsAsync(HttpClient staff, params string?[] units)
    {
        var reports = new Dictionary<string, byte[]>();
        foreach (var unit in units)
            foreach (var format in ReportFormats)
                reports[$"{unit ?? "city"} {format}"] = await staff.GetByteArrayAsync($"/api/reports?period=2026-10&format={format}{(unit is null ? "" : "&unitId=" + unit)}");
        return reports;
    }

    [Fact]
    public async Task ScaleChangeWithConfirmLeavesThePastMonthsReportAsItWas()
    {
        await using var server = await StartAsync();
        // On the 3-level scale 2 is "Hài lòng" (satisfied); read with 4-level meanings it would be "Bình thường".
        for (var day = 1; day <= 9; day++) await SeedAsync(server, "x1", day % 3 + 1, day);
        for (var day = 1; day <= 4; day++) await SeedAsync(server, "a1", day % 4 + 1, day + 10);
        var admin = await server.AdminAsync();
        var before = await OctoberReportsAsync(admin, null, "dept-x");
        var satisfiedBefore = (await admin.GetFromJsonAsync<JsonElement>("/api/satisfaction?from=2026-10-01&to=2026-10-31&unitId=dept-x"))
            .GetProperty("overall").GetProperty("satisfied").GetInt64();
        Assert.Equal(6, satisfiedBefore); // scores 2 and 3 of the nine: days 1, 2, 4, 5, 7, 8

        var edited = Node(await AdminCatalogAsync(admin));
        Item(edited, "units", "dept-x")["scale"] = "4-muc";
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, edited.ToJsonString(), confirm: true)).StatusCode);

        foreach (var (report, bytes) in await OctoberReportsAsync(admin, null, "dept-x"))
            Assert.True(bytes.AsSpan().SequenceEqual(before[report]), $"October's report '{report}' changed after the scale change:\n" +
                $"{Encoding.UTF8.GetString(before[report])}\n---\n{Encoding.UTF8.GetString(bytes)}");
        Assert.Equal(satisfiedBefore, (await admin.GetFromJsonAsync<JsonElement>("/api/satisfaction?from=2026-10-01&to=2026-10-31&unitId=dept-x"))
            .GetProperty("overall").GetProperty("satisfied").GetInt64());
    }

    [Fact]
    public async Task RemovingACounterOrFieldWithRatingsNeedsConfirmationButOneWithoutRatingsDoesNot()
    {
        await using var server = await StartAsync();
        await SeedAsync(server, "b1", 4, 3, "chung-thuc");
        await SeedAsync(server, "b1", 2, 4, "chung-thuc");
        await SeedAsync(server, "b1", 4, 5, "ho-tich");
        var admin = await server.AdminAsync();

        // a2 has no ratings: it goes without a question.
        var withoutA2 = Node(await AdminCatalogAsync(admin));
        withoutA2["counters"]!.AsArray().Remove(Item(withoutA2, "counters", "a2"));
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, withoutA2.ToJsonString())).StatusCode);

        // chung-thuc has 2 ratings (at b1); b1 keeps its 1 rating on ho-tich.
        var withoutField = Node(await AdminCatalogAsync(admin));
        withoutField["fields"]!.AsArray().Remove(Item(withoutField, "fields", "chung-thuc"));
        Item(withoutField, "counters", "b1")["fieldCodes"] = new JsonArray("ho-tich");
        var refused = await PutAsync(admin, withoutField.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, problem.GetProperty("ratings").GetInt64());
        Assert.Equal(["chung-thuc"], problem.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));

        // Removing b1 and its field touches all 3, each counted once.
        withoutField["counters"]!.AsArray().Remove(Item(withoutField, "counters", "b1"));
        problem = await (await PutAsync(admin, withoutField.ToJsonString())).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, problem.GetProperty("ratings").GetInt64());
        Assert.Equal(["b1"], problem.GetProperty("counters").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, withoutField.ToJsonString(), confirm: true)).StatusCode);
        Assert.DoesNotContain("\"b1\"", await AdminCatalogAsync(admin));
    }

    [Fact]
    public async Task PreviewSaysWhatAnUploadWouldChangeAndTouchButChangesNothing()
    {
        await using var server = await StartAsync();
        await SeedAsync(server, "b1", 4, 3, "chung-thuc");
        await SeedAsync(server, "b1", 1, 4, "ho-tich");
        var admin = await server.AdminAsync();
        var before = await AdminCatalogAsync(admin);
        var edited = Node(before);
        edited["counters"]!.AsArray().Remove(Item(edited, "counters", "b1"));
        Item(edited, "fields", "ho-tich")["target"] = 0.97;
        var preview = await admin.PostAsync("/api/admin/catalog/preview", new StringContent(edited.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var answer = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("changed").GetBoolean());
        Assert.True(answer.GetProperty("needsConfirmation").GetBoolean());
        Assert.Equal(2, answer.GetProperty("ratingsAffected").GetInt64());
        Assert.Equal(["b1"], answer.GetProperty("changes").GetProperty("counters").GetProperty("removed").EnumerateArray().Select(c => c.GetString()));
        var target = Assert.Single(answer.GetProperty("changes").GetProperty("targetChanges").EnumerateArray());
        Assert.Equal(("field", "ho-tich", 0.97), (target.GetProperty("kind").GetString(), target.GetProperty("id").GetString(), target.GetProperty("to").GetDouble()));
        Assert.Equal(before, await AdminCatalogAsync(admin));
        Assert.Empty(await CatalogAuditAsync(admin));

        // Without ratings touched it would apply without a question; the same upload is "unchanged".
        var harmless = Node(before);
        Item(harmless, "fields", "ho-tich")["target"] = 0.97;
        answer = await (await admin.PostAsync("/api/admin/catalog/preview", new StringContent(harmless.ToJsonString(), Encoding.UTF8, "application/json")))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("needsConfirmation").GetBoolean());
        Assert.Equal(0, answer.GetProperty("ratingsAffected").GetInt64());
        answer = await (await admin.PostAsync("/api/admin/catalog/preview", new StringContent(before, Encoding.UTF8, "application/json")))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("changed").GetBoolean());

        // The same checks as PUT: every problem named by its path.
        Item(harmless, "units", "ward-a")["parentId"] = "nowhere";
        var invalid = await admin.PostAsync("/api/admin/catalog/preview", new StringContent(harmless.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("units[1].parentId", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await StaffLogin.NewStaffAsync(server, "reporter"))
            .PostAsync("/api/admin/catalog/preview", new StringContent(before, Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task EveryValidationProblemIsListedInOneProblemAndNothingIsApplied()
    {
        await using var server = await StartAsync();
        var admin = await server.AdminAsync();
        var before = await AdminCatalogAsync(admin);
        var broken = Node(before);
        broken["extra"] = true;                                          // unknown key at the top
        Item(broken, "units", "ward-b")["scaleId"] = "3-muc";            // unknown key: the read view's name
        Item(broken, "units", "ward-a-annex")["id"] = "Ward A Annex";    // bad id
        Item(broken, "units", "dept-x")["parentId"] = "ghost";           // dangling parent
        Item(broken, "units", "ward-a")["scale"] = "7-muc";              // dangling scale
        var counters = broken["counters"]!.AsArray();
        counters.Add(counters[0]!.DeepClone());                          // duplicate id a1
        Item(broken, "counters", "x1")["fieldCodes"] = new JsonArray("dat-dai", "khong-co");  // dangling field

        var response = await PutAsync(admin, broken.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        string Error(string path) => errors.TryGetProperty(path, out var e) ? e[0].GetString()! : $"nothing at {path} in {errors}";
        Assert.Contains("unknown key", Error("extra"));
        Assert.Contains("allowed keys: id, name, parentId, scale, target, nameEn", Error("units[3].scaleId"));
        Assert.Contains("1–64 characters of a-z, 0-9 or '-'", Error("units[2].id"));
        Assert.Contains("'ghost' is not a unit", Error("units[4].parentId"));
        Assert.Contains("'7-muc' is not a scale", Error("units[1].scale"));
        Assert.Contains("duplicate of counters[0]", Error("counters[5].id"));
        Assert.Contains("'khong-co' is not a field", Error("counters[4].fieldCodes[1]"));
        Assert.Contains("'ward-a-annex' is not a unit", Error("counters[2].unitId")); // the annex's counter now points nowhere
        Assert.Equal(8, errors.EnumerateObject().Count());
        Assert.Equal(before, await AdminCatalogAsync(admin));
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "catalog.json")));
        Assert.Empty(await CatalogAuditAsync(admin));

        // A value of the wrong kind cannot be read at all; it is named with what is expected there.
        var wrongKind = Node(before);
        Item(wrongKind, "fields", "dat-dai")["target"] = "cao";
        Item(wrongKind, "counters", "a1")["fieldCodes"] = "ho-tich";
        errors = (await (await PutAsync(admin, wrongKind.ToJsonString())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("must be a number", Error("fields[2].target"));
        Assert.Contains("must be an array", Error("counters[0].fieldCodes"));
        Assert.Equal(before, await AdminCatalogAsync(admin));
    }

    [Fact]
    public async Task AppliedChangeIsAuditedWithWhatChanged()
    {
        await using var server = await StartAsync();
        var admin = await server.AdminAsync();
        var edited = Node(await AdminCatalogAsync(admin));
        edited["counters"]!.AsArray().Add(new JsonObject { ["id"] = "b2", ["unitId"] = "ward-b", ["name"] = "Quầy B2", ["fieldCodes"] = new JsonArray("dat-dai") });
        Item(edited, "fields", "dat-dai")["target"] = 0.97;
        Item(edited, "units", "ward-b")["name"] = "Phường B (mới)";
        edited["reasons"]!.AsArray().Remove(Item(edited, "reasons", "thai-do"));

        var response = await PutAsync(admin, edited.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("changed").GetBoolean());
        Assert.Equal(["b2"], body.GetProperty("changes").GetProperty("counters").GetProperty("added").EnumerateArray().Select(c => c.GetString()));

        var entry = Assert.Single(await CatalogAuditAsync(admin));
        Assert.Equal(ParSurveyServer.AdminEmail, entry.GetProperty("actor").GetString());
        var details = entry.GetProperty("details").GetString()!;
        foreach (var expected in new[] { "quầy/counters +b2", "đơn vị/units ~ward-b", "lý do/reasons −thai-do", "lĩnh vực/fields ~dat-dai", "field dat-dai 0.9→0.97" })
            Assert.Contains(expected, details);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "catalog.json")));
    }

    /// <summary>A scale level as a catalog file writes it.</summary>
    private static JsonObject Level(int score, string label, string labelEn, string group) =>
        new() { ["score"] = score, ["label"] = label, ["labelEn"] = labelEn, ["group"] = group };

    [Fact]
    public async Task CustomScaleRoundTripsAndALevelWithoutItsScoreIsNamed()
    {
        await using var server = await StartAsync();
        var admin = await server.AdminAsync();
        var edited = Node(await AdminCatalogAsync(admin));
        edited["scales"] = new JsonArray(new JsonObject
        {
            ["id"] = "2-muc", ["name"] = "Thang 2 mức",
            ["levels"] = new JsonArray(Level(2, "Hài lòng", "Satisfied", "satisfied"), Level(1, "Chưa hài lòng", "Not yet satisfied", "notSatisfied")),
        });
        Item(edited, "units", "ward-b")["scale"] = "2-muc";
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, edited.ToJsonString())).StatusCode);
        var uploadFormat = await AdminCatalogAsync(admin);
        Assert.Equal(JsonNode.Parse(edited.ToJsonString())!["scales"]!.ToJsonString(), Node(uploadFormat)["scales"]!.ToJsonString());
        var again = await (await PutAsync(admin, uploadFormat)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(again.GetProperty("changed").GetBoolean());

        // A missing score or group would bind as 0 or "satisfied": each is named, not guessed; an unknown group is refused.
        var levels = edited["scales"]![0]!["levels"]!;
        levels[1]!.AsObject().Remove("score");
        levels[1]!.AsObject().Remove("group");
        levels[0]!["group"] = "happy";
        var refused = await PutAsync(admin, edited.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("required", errors.GetProperty("scales[0].levels[1].score")[0].GetString());
        Assert.Contains("satisfied, neutral, notSatisfied", errors.GetProperty("scales[0].levels[1].group")[0].GetString());
        Assert.Contains("satisfied, neutral, notSatisfied", errors.GetProperty("scales[0].levels[0].group")[0].GetString());
    }

    [Fact]
    public async Task EnglishNamesRoundTripAndReachThePublicCatalog()
    {
        await using var server = await StartAsync();
        var admin = await server.AdminAsync();
        var edited = Node(await AdminCatalogAsync(admin));
        Item(edited, "units", "ward-a")["nameEn"] = "Ward A";
        Item(edited, "counters", "a1")["nameEn"] = "Counter A1";
        Item(edited, "fields", "ho-tich")["nameEn"] = "Civil status";
        Item(edited, "reasons", "cho-lau")["labelEn"] = "Long wait";
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, edited.ToJsonString())).StatusCode);

        var file = Node(await AdminCatalogAsync(admin));
        Assert.Equal("Ward A", Item(file, "units", "ward-a")["nameEn"]!.GetValue<string>());
        Assert.Equal("Counter A1", Item(file, "counters", "a1")["nameEn"]!.GetValue<string>());
        var view = Node(await server.Client.GetStringAsync("/api/catalog"));
        Assert.Equal("Ward A", Item(view, "units", "ward-a")["nameEn"]!.GetValue<string>());
        Assert.Equal("Counter A1", Item(view, "counters", "a1")["nameEn"]!.GetValue<string>());
        Assert.Equal("Civil status", Item(view, "fields", "ho-tich")["nameEn"]!.GetValue<string>());
        Assert.Equal("Long wait", Item(view, "reasons", "cho-lau")["labelEn"]!.GetValue<string>());

        Item(edited, "counters", "a1")["nameEn"] = "  ";
        var refused = await PutAsync(admin, edited.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("counters[0].nameEn", out _));
    }
}
