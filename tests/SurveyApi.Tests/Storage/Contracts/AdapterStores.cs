using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Postgres;
using ParSurvey.SurveyApi.Storage.Sqlite;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>
/// Every storage port of one adapter over one empty database, used directly (no app, no mocks): a real SQLite file in a
/// temporary folder, or a fresh database on the shared PostgreSQL cluster, dropped when disposed. The port contract
/// classes run each behaviour once per adapter through this.
/// </summary>
public sealed class AdapterStores : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private AdapterStores(Func<ValueTask> dispose) => _dispose = dispose;

    public required IStaffStore Staff { get; init; }
    public required ISessionStore Sessions { get; init; }
    public required IDeviceStore Devices { get; init; }
    public required IStaffInvitationStore Invitations { get; init; }
    public required IApiTokenStore ApiTokens { get; init; }
    public required IQrKeyStore QrKeys { get; init; }
    public required IPosterStore Posters { get; init; }
    public required IReportArchive Archive { get; init; }
    public required IJobStateStore JobStates { get; init; }
    public required IFeedbackStore Feedback { get; init; }
    public required ISettingsStore Settings { get; init; }

    public static async Task<AdapterStores> CreateAsync(string provider)
    {
        switch (provider)
        {
            case Providers.Sqlite:
            {
                var folder = TempFolder.Create();
                var db = new SqliteDatabase(Path.Combine(folder, "parsurvey.db"));
                return new AdapterStores(() =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(folder, recursive: true);
                    return ValueTask.CompletedTask;
                })
                {
                    Staff = new SqliteStaffStore(db), Sessions = new SqliteSessionStore(db), Devices = new SqliteDeviceStore(db),
                    Invitations = new SqliteStaffInvitationStore(db), ApiTokens = new SqliteApiTokenStore(db), QrKeys = new SqliteQrKeyStore(db),
                    Posters = new SqlitePosterStore(db), Archive = new SqliteReportArchive(db), JobStates = new SqliteJobStateStore(db),
                    Feedback = new SqliteFeedbackStore(db), Settings = new SqliteSettingsStore(db),
                };
            }
            case Providers.Postgres:
            {
                var cluster = await PostgresCluster.SharedAsync();
                var connectionString = await cluster.CreateDatabaseAsync();
                var db = new PostgresDatabase(connectionString);
                return new AdapterStores(async () =>
                {
                    await db.DisposeAsync();
                    await cluster.DropDatabaseAsync(connectionString);
                })
                {
                    Staff = new PostgresStaffStore(db), Sessions = new PostgresSessionStore(db), Devices = new PostgresDeviceStore(db),
                    Invitations = new PostgresStaffInvitationStore(db), ApiTokens = new PostgresApiTokenStore(db), QrKeys = new PostgresQrKeyStore(db),
                    Posters = new PostgresPosterStore(db), Archive = new PostgresReportArchive(db), JobStates = new PostgresJobStateStore(db),
                    Feedback = new PostgresFeedbackStore(db), Settings = new PostgresSettingsStore(db),
                };
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "sqlite or postgres");
        }
    }

    /// <summary>A fixed instant in whole seconds, which both engines keep exactly.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    public ValueTask DisposeAsync() => _dispose();
}
