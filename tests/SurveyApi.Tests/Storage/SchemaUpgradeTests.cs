using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Sqlite;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Storage;

/// <summary>
/// A file written before ratings kept their scale and group (schema 2, built here by hand as that release wrote it) is
/// upgraded in place when the server starts: every rating gets the scale of its unit in the catalog in force and that
/// scale's group for its score, and the reports are exactly those of a server that took the same ratings through the API.
/// </summary>
public class SchemaUpgradeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

    private sealed record Old(Guid Id, string Counter, string Unit, string Field, int Score, DateTimeOffset At, string[] Reasons, string? Comment)
    {
        public bool Satisfied => TestCatalog.IsSatisfied(Counter, Score);
    }

    private static List<Old> OldRatings()
    {
        var random = new Random(2);
        var list = new List<Old>();
        var at = new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero);
        foreach (var counter in new[] { "a1", "x1", "b1", "a2" })
        {
            for (var i = 0; i < 25; i++)
            {
                var scores = TestCatalog.ScoresOf(counter);
                var score = scores[random.Next(scores.Length)];
                var field = TestCatalog.FieldsOf[counter][random.Next(TestCatalog.FieldsOf[counter].Length)];
                var unhappy = !TestCatalog.IsSatisfied(counter, score);
                list.Add(new Old(Guid.NewGuid(), counter, TestCatalog.UnitOf[counter], field, score, at.AddHours(7 * i + 1).AddMinutes(list.Count),
                    unhappy && i % 3 == 0 ? ["cho-lau"] : [], i % 7 == 0 ? $"Góp ý {i}" : null));
            }
        }
        return list;
    }

    /// <summary>The schema of version 2 as that release created it, and its ratings with their roll-ups.</summary>
    private static void WriteVersion2(string path, List<Old> ratings)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE ratings (
                seq INTEGER PRIMARY KEY, id TEXT NOT NULL, counter_id TEXT NOT NULL, unit_id TEXT NOT NULL, field_code TEXT NOT NULL,
                score INTEGER NOT NULL, satisfied INTEGER NOT NULL, channel TEXT NOT NULL, reasons TEXT NOT NULL, comment TEXT,
                procedure_code TEXT, submitted_at TEXT, received_at TEXT NOT NULL, occurred_at TEXT NOT NULL, local_date TEXT NOT NULL,
                content_hash TEXT NOT NULL, token_id TEXT);
            CREATE INDEX ix_ratings_local_date ON ratings (local_date, counter_id);
            CREATE UNIQUE INDEX ux_ratings_token ON ratings (token_id) WHERE token_id IS NOT NULL;
            CREATE INDEX ix_ratings_comments ON ratings (local_date) WHERE comment IS NOT NULL;
            CREATE TABLE rating_ids (id TEXT NOT NULL PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE store_marks (name TEXT NOT NULL PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE daily_tallies (local_date TEXT NOT NULL, counter_id TEXT NOT NULL, field_code TEXT NOT NULL,
                score INTEGER NOT NULL, satisfied INTEGER NOT NULL, count INTEGER NOT NULL,
                PRIMARY KEY (local_date, counter_id, field_code, score, satisfied)) WITHOUT ROWID;
            CREATE TABLE daily_reasons (local_date TEXT NOT NULL, counter_id TEXT NOT NULL, field_code TEXT NOT NULL,
                reason TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (local_date, counter_id, field_code, reason)) WITHOUT ROWID;
            CREATE TABLE report_archive (id TEXT NOT NULL PRIMARY KEY, unit_id TEXT NOT NULL, period_key TEXT NOT NULL, format TEXT NOT NULL,
                file_name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL,
                UNIQUE (unit_id, period_key, format));
            CREATE TABLE staff (id TEXT NOT NULL PRIMARY KEY, email TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
                unit_id TEXT, password_hash TEXT NOT NULL, must_change INTEGER NOT NULL, failed_logins INTEGER NOT NULL, locked_until TEXT,
                disabled INTEGER NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE devices (id TEXT NOT NULL PRIMARY KEY, counter_id TEXT NOT NULL, name TEXT NOT NULL, pairing_code_hash TEXT UNIQUE,
                pairing_expires_at TEXT, key_hash TEXT UNIQUE, created_at TEXT NOT NULL, created_by TEXT NOT NULL, paired_at TEXT, revoked_at TEXT);
            CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                target TEXT NOT NULL, details TEXT);
            INSERT INTO store_marks (name, value) VALUES ('rating_ids', 0);
            """;
        command.ExecuteNonQuery();
        foreach (var r in ratings)
        {
            command.CommandText = """
                INSERT INTO ratings (id, counter_id, unit_id, field_code, score, satisfied, channel, reasons, comment, procedure_code,
                    submitted_at, received_at, occurred_at, local_date, content_hash, token_id)
                VALUES ($id, $counter, $unit, $field, $score, $satisfied, 'kiosk', $reasons, $comment, NULL, $at, $at, $at, $date, $hash, NULL);
                INSERT INTO daily_tallies VALUES ($date, $counter, $field, $score, $satisfied, 1) ON CONFLICT DO UPDATE SET count = count + 1;
                INSERT INTO daily_reasons SELECT $date, $counter, $field, value, 1 FROM json_each($reasons) WHERE true
                    ON CONFLICT DO UPDATE SET count = count + 1;
                """;
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", r.Id.ToString("D"));
            command.Parameters.AddWithValue("$counter", r.Counter);
            command.Parameters.AddWithValue("$unit", r.Unit);
            command.Parameters.AddWithValue("$field", r.Field);
            command.Parameters.AddWithValue("$score", r.Score);
            command.Parameters.AddWithValue("$satisfied", r.Satisfied ? 1 : 0);
            command.Parameters.AddWithValue("$reasons", JsonSerializer.Serialize(r.Reasons));
            command.Parameters.AddWithValue("$comment", (object?)r.Comment ?? DBNull.Value);
            command.Parameters.AddWithValue("$at", r.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$date", DateOnly.FromDateTime(r.At.UtcDateTime.AddHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$hash", "h" + r.Id.ToString("N"));
            command.ExecuteNonQuery();
        }
        command.Parameters.Clear();
        command.CommandText = "PRAGMA user_version = 2;";
        command.ExecuteNonQuery();
    }

    private static async Task<string[]> ReportsAsync(ParSurveyServer server)
    {
        var admin = await server.AdminAsync();
        var reports = new List<string>();
        foreach (var query in new[] { "period=2026-10", "period=2026-10&unitId=dept-x", "period=2026-10&unitId=ward-a" })
        foreach (var format in new[] { "json", "html", "csv&section=fields", "csv&section=summary", "csv&section=comments" })
            reports.Add(await admin.GetStringAsync($"/api/reports?{query}&format={format}"));
        return [.. reports];
    }

    [Fact]
    public async Task AVersion2FileGetsScaleAndGroupFromTheCatalogAndItsReportsStayTheSame()
    {
        var ratings = OldRatings();
        var data = TempFolder.Create();
        WriteVersion2(Path.Combine(data, "parsurvey.db"), ratings);

        string[] upgradedReports;
        await using (var upgraded = await ParSurveyServer.StartAsync(new SettableClock(Now), dataDirectory: data))
        {
            upgradedReports = await ReportsAsync(upgraded);
            Assert.Equal(100, upgraded.StoredRatings);
        }

        using (var check = new SqliteConnection($"Data Source={Path.Combine(data, "parsurvey.db")};Mode=ReadOnly;Pooling=False"))
        {
            check.Open();
            using var command = check.CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            Assert.Equal((long)SqliteDatabase.SchemaVersion, (long)command.ExecuteScalar()!);
            command.CommandText = "SELECT id, scale_id, level_group, filtered FROM ratings;";
            using var reader = command.ExecuteReader();
            var seen = 0;
            while (reader.Read())
            {
                var r = ratings.Single(o => o.Id == Guid.Parse(reader.GetString(0)));
                Assert.Equal(TestCatalog.ScaleIdOf(r.Counter), reader.GetString(1));
                var group = TestCatalog.GroupOf(r.Counter, r.Score) switch
                {
                    ParSurvey.Analytics.LevelGroup.Satisfied => "satisfied",
                    ParSurvey.Analytics.LevelGroup.Neutral => "neutral",
                    _ => "notSatisfied",
                };
                Assert.True(group == reader.GetString(2), $"{r.Counter} score {r.Score}: {group} expected, stored {reader.GetString(2)}");
                Assert.Equal(0, reader.GetInt64(3));
                seen++;
            }
            Assert.Equal(ratings.Count, seen);
            // The 3-level scale's level 2 is "Hài lòng" (satisfied), the 4-level scale's "Bình thường" (neutral).
            Assert.Contains(ratings, r => r.Counter == "x1" && r.Score == 2);
            Assert.Contains(ratings, r => r.Counter != "x1" && r.Score == 2);
        }

        // The same ratings through the API of a fresh server: the same reports, byte for byte.
        await using var fresh = await ParSurveyServer.StartAsync(new SettableClock(Now), extraArgs: ["--ParSurvey:Ingest:MaxOfflineAgeDays=366"]);
        foreach (var group in ratings.GroupBy(r => r.Counter))
        {
            var bodies = group.Select(r =>
            {
                var body = RatingBody.New(r.Counter, r.Score, fieldCode: r.Field, id: r.Id);
                body["submittedAt"] = r.At.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
                if (r.Reasons.Length > 0) body["reasons"] = r.Reasons;
                if (r.Comment is not null) body["comment"] = r.Comment;
                return body;
            });
            var answer = await (await fresh.PostBatchAsync(group.Key, bodies)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(group.Count(), answer.GetProperty("created").GetInt32());
            Assert.Equal(0, answer.GetProperty("filtered").GetInt32());
        }
        var freshReports = await ReportsAsync(fresh);
        for (var i = 0; i < freshReports.Length; i++) Assert.Equal(freshReports[i], upgradedReports[i]);
    }
}
