using Npgsql;
using ParSurvey.SurveyApi.Feedback;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Postgres;
using ParSurvey.SurveyApi.Storage.Sqlite;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Storage.Contracts.AdapterStores;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>
/// The mail outbox, and the statements that bind a missing value (no session to keep, no new password hash, no next
/// attempt), the same on every adapter: one SQL text per statement binds NULL on both engines.
/// </summary>
public class OutboxAndNullValueTests
{
    private sealed record Stores(IMailOutbox Outbox, IFeedbackStore Feedback, ISessionStore Sessions, IStaffStore Staff, Func<ValueTask> Dispose);

    private static async Task<Stores> CreateAsync(string provider)
    {
        if (provider == Providers.Sqlite)
        {
            var folder = TempFolder.Create();
            var db = new SqliteDatabase(Path.Combine(folder, "parsurvey.db"));
            return new(new SqliteMailOutbox(db), new SqliteFeedbackStore(db), new SqliteSessionStore(db), new SqliteStaffStore(db), () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
                return ValueTask.CompletedTask;
            });
        }
        var cluster = await PostgresCluster.SharedAsync();
        var connectionString = await cluster.CreateDatabaseAsync();
        var pg = new PostgresDatabase(connectionString);
        return new(new PostgresMailOutbox(pg), new PostgresFeedbackStore(pg), new PostgresSessionStore(pg), new PostgresStaffStore(pg), async () =>
        {
            await pg.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await cluster.DropDatabaseAsync(connectionString);
        });
    }

    private static FeedbackItem Item(string code) =>
        new(Guid.NewGuid(), code, "ward-a", null, "thai-do", "Chờ lâu", "web", T0, new DateOnly(2026, 11, 30), FeedbackStatus.Received);

    private static OutgoingMail Mail(string about, int minute) =>
        new(Guid.NewGuid(), "urgent-feedback", about, ["head@test.vn", "office@test.vn"], "Góp ý khẩn " + about, "Nội dung", T0.AddMinutes(minute));

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task MailsAreDueOldestFirstUntilSentOrGivenUp(string provider)
    {
        var stores = await CreateAsync(provider);
        try
        {
            var (first, second, third) = (Mail("PA-1", 0), Mail("PA-2", 1), Mail("PA-3", 2));
            Assert.True(await stores.Feedback.AddAsync(Item("PA-1"), null, [first, second, third]));
            var due = await stores.Outbox.DueAsync(T0.AddMinutes(5), 10);
            Assert.Equal([first.Id, second.Id, third.Id], due.Select(m => m.Id));
            Assert.Equal(first.To, due[0].To);
            Assert.Equal(first with { To = due[0].To, NextAttemptAt = first.CreatedAt }, due[0]);
            Assert.Equal([first.Id], (await stores.Outbox.DueAsync(T0.AddMinutes(5), 1)).Select(m => m.Id));

            await stores.Outbox.MarkSentAsync(first.Id, T0.AddMinutes(6));
            await stores.Outbox.MarkFailedAsync(second.Id, 1, T0.AddMinutes(30), "421 try later");
            await stores.Outbox.MarkFailedAsync(third.Id, 8, null, "550 no such mailbox");
            Assert.Empty(await stores.Outbox.DueAsync(T0.AddMinutes(29), 10));
            var retried = Assert.Single(await stores.Outbox.DueAsync(T0.AddMinutes(30), 10));
            Assert.Equal((second.Id, 1, "421 try later"), (retried.Id, retried.Attempts, retried.LastError));

            var counts = await stores.Outbox.CountsAsync();
            Assert.Equal((1L, 1L, 1L, second.CreatedAt), (counts.Pending, counts.Sent, counts.Failed, counts.OldestPendingAt));
            Assert.Contains(counts.LastError, new[] { "421 try later", "550 no such mailbox" });
        }
        finally
        {
            await stores.Dispose();
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task EndingAllSessionsWithNoneToKeepEndsEveryOpenOne(string provider)
    {
        var stores = await CreateAsync(provider);
        try
        {
            var hoa = Guid.NewGuid();
            var sessions = new[] { 0, 1 }.Select(m => new StaffSession(Guid.NewGuid(), hoa, T0.AddMinutes(m), T0.AddMinutes(m), null, null, null, null)).ToArray();
            foreach (var s in sessions) await stores.Sessions.CreateAsync(s);
            var ended = await stores.Sessions.EndAllAsync(hoa, null, T0.AddHours(1), "quantri@test.vn", SessionEnd.Admin);
            Assert.Equal(sessions.Select(s => s.Id).Order(), ended.Order());
            Assert.Empty(await stores.Sessions.ListOpenAsync(hoa));
        }
        finally
        {
            await stores.Dispose();
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ASignInWithoutANewHashKeepsThePasswordAndClearsTheLockOut(string provider)
    {
        var stores = await CreateAsync(provider);
        try
        {
            var account = new StaffAccount(Guid.NewGuid(), "tam@test.vn", "Lê Văn Tâm", Roles.Supervisor, null, "hash", false, 0, null, false, T0);
            await stores.Staff.CreateAsync(account);
            await stores.Staff.CountSignInAttemptAsync(account.Id, T0, 1, T0.AddMinutes(15));
            Assert.Equal(T0.AddMinutes(15), (await stores.Staff.FindAsync(account.Id))!.LockedUntil);
            await stores.Staff.RecordSignInAsync(account.Id, null);
            Assert.Equal(account, await stores.Staff.FindAsync(account.Id));
        }
        finally
        {
            await stores.Dispose();
        }
    }
}
