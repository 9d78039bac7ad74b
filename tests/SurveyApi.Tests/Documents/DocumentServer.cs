using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Documents;

/// <summary>
/// A city of two units whose names carry the marks that went missing (ợ, ư, ụ, ộ, ự), with ratings in October and
/// November 2026, seen on 5 December 2026; June 2026 has none.
/// </summary>
public sealed class DocumentServer : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);
    public const string CounterName = "Quầy Hộ tịch và Chứng thực";
    public const string Ward = "binh-loi-trung", WardName = "Phường Bình Lợi Trung", Centre = "trung-tam", CentreName = "Trung tâm Phục vụ hành chính công";
    /// <summary>The catalog's name: a city-wide report is issued under it.</summary>
    public const string CityName = "Ủy ban nhân dân Thành phố Thủ Đức";
    public static readonly Dictionary<string, string> UnitOf = new() { ["q1"] = Ward, ["q2"] = Ward, ["q3"] = Centre };

    public ParSurveyServer Server { get; private set; } = null!;
    public List<(string Counter, int Score, DateOnly Day)> Ratings { get; } = [];
    public string Folder { get; } = TempFolder.Create();

    public static string CatalogJson() => JsonSerializer.Serialize(new
    {
        name = CityName,
        demo = false,
        fields = new object[]
        {
            new { code = "ho-tich", name = "Hộ tịch" },
            new { code = "chung-thuc", name = "Chứng thực" },
            new { code = "dat-dai", name = "Đất đai" },
        },
        reasons = new object[] { new { code = "cho-lau", label = "Thời gian chờ lâu" } },
        units = new object?[]
        {
            new { id = "city", name = "Ủy ban nhân dân Thành phố", parentId = (string?)null },
            new { id = Ward, name = WardName, parentId = "city" },
            new { id = Centre, name = CentreName, parentId = "city" },
        },
        counters = new object[]
        {
            new { id = "q1", unitId = Ward, name = CounterName, fieldCodes = new[] { "ho-tich", "chung-thuc" } },
            new { id = "q2", unitId = Ward, name = "Quầy Đất đai", fieldCodes = new[] { "dat-dai" } },
            new { id = "q3", unitId = Centre, name = "Quầy số 1 – Tiếp nhận hồ sơ", fieldCodes = new[] { "ho-tich", "dat-dai" } },
        },
    });

    public async Task InitializeAsync()
    {
        Server = await ParSurveyServer.StartAsync(new SettableClock(Now), catalogJson: CatalogJson(),
            extraArgs: ["--ParSurvey:Ingest:MaxOfflineAgeDays=366", ParSurveyServer.NoPressFilter]);
        var random = new Random(2511);
        var fields = new Dictionary<string, string[]> { ["q1"] = ["ho-tich", "chung-thuc"], ["q2"] = ["dat-dai"], ["q3"] = ["ho-tich", "dat-dai"] };
        foreach (var counter in new[] { "q1", "q2", "q3" })
        {
            var bodies = new List<Dictionary<string, object?>>();
            for (var i = 0; i < 120; i++)
            {
                // q3 mostly "rất hài lòng"; q2 often unhappy, so the ward lists a field below target.
                var score = counter == "q3" ? (random.NextDouble() < 0.95 ? 4 : 2) : counter == "q2" ? random.Next(1, 5) : (random.NextDouble() < 0.9 ? 3 : 1);
                var day = new DateOnly(2026, 10, 1).AddDays(random.Next(0, 61));
                Ratings.Add((counter, score, day));
                var body = RatingBody.New(counter, score, fieldCode: fields[counter][random.Next(fields[counter].Length)]);
                body["submittedAt"] = $"{day:yyyy-MM-dd}T{random.Next(8, 16):D2}:{random.Next(60):D2}:00+07:00";
                bodies.Add(body);
            }
            var response = await Server.PostBatchAsync(counter, bodies);
            Assert.Equal(bodies.Count, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
        }
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
