using Microsoft.Data.Sqlite;
using Npgsql;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Feedback;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Postgres;
using ParSurvey.SurveyApi.Storage.Sqlite;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Storage;

/// <summary>
/// A store left at any earlier version of the steps after the base schema is upgraded in place when it is next opened:
/// what it held stays, the version it records is the newest, and the stores of the added tables work. The earlier
/// version is made from a fresh store by taking away what the later steps added, as those steps shipped them
/// (SQLite's files from version 2 on are covered with their ratings by SchemaUpgradeTests).
/// </summary>
public class SchemaStepsUpgradeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    // What each step added, by the version it has on each engine, newest first.
    private static readonly (int Version, string Undo)[] SqliteSteps =
    [
        (10, "DROP TABLE data_protection_keys;"), (9, "DROP TABLE mail_outbox;"), (8, "DROP TABLE report_files;"),
        (7, "DROP TABLE feedback_contacts; DROP TABLE feedback;"), (6, "DROP TABLE job_states;"),
    ];

    private static readonly (int Version, string Undo)[] PostgresSteps =
    [
        (6, "DROP TABLE data_protection_keys; DROP TABLE uploaded_catalog; DROP INDEX ix_ratings_seq;"), (5, "DROP TABLE mail_outbox;"),
        (4, "DROP TABLE report_files;"), (3, "DROP TABLE feedback_contacts; DROP TABLE feedback;"), (2, "DROP TABLE job_states;"),
    ];

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public async Task ASqliteFileAtAnEarlierVersionIsUpgradedInPlaceAndKeepsItsData(int version)
    {
        var folder = TempFolder.Create();
        try
        {
            var path = Path.Combine(folder, "parsurvey.db");
            var account = await FillAsync(new SqliteDatabase(path).Dialect);
            await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = string.Concat(SqliteSteps.Where(s => s.Version > version).Select(s => s.Undo)) + $"PRAGMA user_version = {version};";
                await command.ExecuteNonQueryAsync();
            }
            SqliteConnection.ClearAllPools();

            var reopened = new SqliteDatabase(path);
            await CheckAsync(reopened.Dialect, account, new SqliteStaffStore(reopened), new SqliteAuditLog(reopened), new SqliteJobStateStore(reopened),
                new SqliteFeedbackStore(reopened), new SqliteMailOutbox(reopened), new SqliteReportArchive(reopened), new SqliteDataProtectionKeyStore(reopened));
            await using var check = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await check.OpenAsync();
            await using var read = check.CreateCommand();
            read.CommandText = "PRAGMA user_version;";
            Assert.Equal((long)SqliteDatabase.SchemaVersion, (long)(await read.ExecuteScalarAsync())!);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task APostgresDatabaseAtAnEarlierVersionIsUpgradedInPlaceAndKeepsItsData(int version)
    {
        var cluster = await PostgresCluster.SharedAsync();
        var connectionString = await cluster.CreateDatabaseAsync();
        try
        {
            Guid account;
            await using (var first = new PostgresDatabase(connectionString))
            {
                account = await FillAsync(first.Dialect);
                await using var connection = await first.OpenAsync();
                await using var command = new NpgsqlCommand(
                    string.Concat(PostgresSteps.Where(s => s.Version > version).Select(s => s.Undo)) + $"DELETE FROM schema_migrations WHERE version > {version};",
                    connection);
                await command.ExecuteNonQueryAsync();
            }

            await using var reopened = new PostgresDatabase(connectionString);
            await CheckAsync(reopened.Dialect, account, new PostgresStaffStore(reopened), new PostgresAuditLog(reopened), new PostgresJobStateStore(reopened),
                new PostgresFeedbackStore(reopened), new PostgresMailOutbox(reopened), new PostgresReportArchive(reopened),
                new PostgresDataProtectionKeyStore(reopened));
            Assert.Equal(PostgresDatabase.SchemaVersion, Convert.ToInt32(await reopened.Dialect.ScalarAsync("SELECT MAX(version) FROM schema_migrations;", default)));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>A staff account and an audit entry, in tables of the base schema.</summary>
    private static async Task<Guid> FillAsync(ParSurvey.SurveyApi.Storage.Sql.SqlDialect d)
    {
        var account = new StaffAccount(Guid.NewGuid(), "tam@test.vn", "Lê Văn Tâm", Roles.Supervisor, "ward-a", "hash", true, 0, null, false, T0);
        Assert.True(await new ParSurvey.SurveyApi.Storage.Sql.SqlStaffStore(d).CreateAsync(account));
        await new ParSurvey.SurveyApi.Storage.Sql.SqlAuditLog(d).AppendAsync(new AuditEntry(0, T0, "admin@test.vn", "staff.create", account.Id.ToString(), null));
        return account.Id;
    }

    private static async Task CheckAsync(ParSurvey.SurveyApi.Storage.Sql.SqlDialect d, Guid account, IStaffStore staff, IAuditLog audit,
        IJobStateStore jobs, IFeedbackStore feedback, IMailOutbox outbox, IReportArchive archive, IDataProtectionKeyStore keys)
    {
        Assert.Equal("tam@test.vn", (await staff.FindAsync(account))?.Email);
        Assert.Equal("staff.create", Assert.Single(await audit.ListAsync(10)).Action);

        var job = new JobState(Guid.NewGuid(), "2026-10", "running", 1, 2, null, T0);
        await jobs.AddAsync(job);
        Assert.Equal(job, await jobs.FindAsync(job.Id));

        var item = new FeedbackItem(Guid.NewGuid(), "PA-1", "ward-a", "a1", "thai-do", "Chờ lâu", "web", T0, new DateOnly(2026, 11, 30),
            FeedbackStatus.Received, null, null, null, null, null, null, null, null, true);
        var mail = new OutgoingMail(Guid.NewGuid(), "urgent-feedback", "PA-1", ["head@test.vn"], "Góp ý khẩn", "…", T0);
        Assert.True(await feedback.AddAsync(item, new FeedbackContact(item.Id, "0900000000", T0), [mail]));
        Assert.Equal(item, await feedback.FindAsync(item.Id));
        Assert.Equal(mail.Id, Assert.Single(await outbox.DueAsync(T0, 10)).Id);

        var report = new ArchivedReport(Guid.NewGuid(), "ward-a", "2026-10", "pdf", "bao-cao.pdf", "00", 3, T0, "admin@test.vn");
        Assert.True(await archive.AddAsync(report, [1, 2, 3]));
        Assert.Equal([1, 2, 3], await archive.ReadAsync(report.Id));

        keys.Add("key-1", "<key/>");
        Assert.Equal(["<key/>"], keys.ListXml());
    }
}
