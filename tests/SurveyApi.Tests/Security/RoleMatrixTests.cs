using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

/// <summary>Admin, reporter, a supervisor of ward-a, the kiosk of counter a1 and nobody, against one server.</summary>
public sealed class RoleServer : IAsyncLifetime
{
    public ParSurveyServer Server { get; private set; } = null!;
    public Dictionary<string, HttpClient> Callers { get; } = new();
    public string RatingInWardA { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await ParSurveyServer.StartAsync();
        Callers["admin"] = await Server.AdminAsync();
        Callers["reporter"] = await StaffLogin.NewStaffAsync(Server, "reporter");
        Callers["supervisor"] = await StaffLogin.NewStaffAsync(Server, "supervisor", "ward-a");
        Callers["supervisor-b"] = await StaffLogin.NewStaffAsync(Server, "supervisor", "ward-b");
        Callers["kiosk"] = await Server.KioskAsync("a1");
        Callers["anonymous"] = Server.NewClient();
        var rating = RatingBody.New("a1");
        await Server.PostRatingAsync(rating);
        RatingInWardA = (string)rating["id"]!;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public class RoleMatrixTests(RoleServer fixture) : IClassFixture<RoleServer>
{
    public static TheoryData<string, string, string, string?, int> Calls()
    {
        var rating = () => JsonSerializer.Serialize(RatingBody.New("a1"));
        var data = new TheoryData<string, string, string, string?, int>();
        void Add(string caller, string method, string path, string? body, int status) => data.Add(caller, method, path, body, status);

        // Ratings: a kiosk submits for its own counter; staff cookies are not a way to rate.
        Add("kiosk", "POST", "/api/ratings", rating(), 201);
        Add("kiosk", "POST", "/api/ratings", JsonSerializer.Serialize(RatingBody.New("b1", fieldCode: "ho-tich")), 403);
        Add("admin", "POST", "/api/ratings", rating(), 401);
        Add("supervisor", "POST", "/api/ratings", rating(), 401);
        Add("anonymous", "POST", "/api/ratings", rating(), 401);
        Add("kiosk", "POST", "/api/ratings/batch", "[" + rating() + "]", 200);
        Add("reporter", "POST", "/api/ratings/batch", "[" + rating() + "]", 401);

        // Analytics: supervisors their subtree, reporters and admins everything.
        foreach (var caller in new[] { "admin", "reporter", "supervisor" })
            Add(caller, "GET", "/api/satisfaction?unitId=ward-a&groupBy=counter", null, 200);
        Add("supervisor", "GET", "/api/satisfaction?unitId=ward-a-annex", null, 200);
        Add("supervisor", "GET", "/api/satisfaction?unitId=ward-b", null, 403);
        Add("supervisor", "GET", "/api/satisfaction?unitId=city", null, 403);
        Add("reporter", "GET", "/api/satisfaction?unitId=city&groupBy=unit", null, 200);
        Add("kiosk", "GET", "/api/satisfaction", null, 401);
        Add("anonymous", "GET", "/api/satisfaction", null, 401);

        // Staff accounts, audit, catalog: admins only.
        foreach (var (path, okStatus) in new[] { ("/api/admin/staff", 200), ("/api/admin/audit", 200), ("/api/admin/catalog/source", 200) })
        {
            Add("admin", "GET", path, null, okStatus);
            Add("reporter", "GET", path, null, 403);
            Add("supervisor", "GET", path, null, 403);
            Add("kiosk", "GET", path, null, 401);
            Add("anonymous", "GET", path, null, 401);
        }
        Add("admin", "POST", "/api/admin/devices", """{"counterId":"b1","name":"Máy quầy B1"}""", 201);
        // Kiosk tablets: admins every counter, a supervisor their own units' counters (the console's kiosk page).
        Add("admin", "GET", "/api/admin/devices", null, 200);
        Add("supervisor", "GET", "/api/admin/devices", null, 200);
        Add("reporter", "GET", "/api/admin/devices", null, 403);
        Add("kiosk", "GET", "/api/admin/devices", null, 401);
        Add("anonymous", "GET", "/api/admin/devices", null, 401);
        Add("supervisor", "POST", "/api/admin/devices", """{"counterId":"a1","name":"Máy quầy A1"}""", 201);
        Add("supervisor", "POST", "/api/admin/devices", """{"counterId":"b1","name":"Máy quầy B1"}""", 403);
        Add("reporter", "POST", "/api/admin/devices", """{"counterId":"a1","name":"Máy quầy A1"}""", 403);
        Add("reporter", "POST", "/api/admin/staff", """{"email":"x@test.vn","displayName":"X","role":"admin","password":"0123456789ab"}""", 403);

        // QR links: admins any counter, supervisors their own units' counters, a kiosk dossier links for its counter.
        Add("admin", "POST", "/api/qr-links", """{"counterId":"b1"}""", 201);
        Add("supervisor", "POST", "/api/qr-links", """{"counterId":"ax1"}""", 201);
        Add("supervisor", "POST", "/api/qr-links", """{"counterId":"b1"}""", 403);
        Add("reporter", "POST", "/api/qr-links", """{"counterId":"a1"}""", 403);
        Add("kiosk", "POST", "/api/qr-links", """{"dossierNumber":"000.00.15.H29-261122-0001"}""", 201);
        Add("kiosk", "POST", "/api/qr-links", """{"counterId":"a1"}""", 403);
        Add("kiosk", "POST", "/api/qr-links", """{"counterId":"b1","dossierNumber":"X-1"}""", 403);
        Add("anonymous", "POST", "/api/qr-links", """{"counterId":"a1"}""", 401);

        // Everyone may read the catalog.
        foreach (var caller in new[] { "admin", "kiosk", "anonymous" }) Add(caller, "GET", "/api/catalog", null, 200);
        return data;
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task EachRoleMayDoWhatItsJobNeedsAndNothingElse(string caller, string method, string path, string? body, int expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await fixture.Callers[caller].SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"{caller} {method} {path}: expected {expected}, got {(int)response.StatusCode} {text}");
        if (expected >= 400) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SupervisorReadsRatingsOfTheirOwnUnitOnly()
    {
        var path = $"/api/ratings/{fixture.RatingInWardA}";
        Assert.Equal(HttpStatusCode.OK, (await fixture.Callers["supervisor"].GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Callers["supervisor-b"].GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Callers["reporter"].GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Callers["kiosk"].GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task SupervisorWithoutAUnitParameterSeesTheirOwnUnit()
    {
        var report = await fixture.Callers["supervisor"].GetFromJsonAsync<JsonElement>("/api/satisfaction");
        Assert.Equal("ward-a", report.GetProperty("unitId").GetString());
    }
}
