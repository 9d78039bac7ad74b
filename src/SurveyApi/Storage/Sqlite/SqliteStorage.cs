using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.KioskPages;
using ParSurvey.SurveyApi.Storage.Sql;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public static class SqliteStorage
{
    /// <summary>
    /// Every storage port on the embedded SQLite file <c>parsurvey.db</c> in the data folder: the default, a single
    /// file and no server to run, which suits a ward centre.
    /// </summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services)
    {
        // An older file is upgraded with the meanings of the catalog in force (see SqliteDatabase's step 5).
        services.AddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<ParSurveyOptions>>().Value.DatabasePath,
            () => CatalogMeanings.From(sp.GetRequiredService<CatalogProvider>().Current)));
        services.AddSingleton<IDiskFlush>(FsyncDiskFlush.Instance);
        services.AddSingleton<IRatingStore>(sp => new SqliteRatingStore(sp.GetRequiredService<SqliteDatabase>(),
            sp.GetRequiredService<ILogger<SqliteRatingStore>>(),
            pressCooldown: TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<KioskOptions>>().Value.CooldownSeconds),
            diskFlush: sp.GetRequiredService<IDiskFlush>()));
        services.AddSingleton<SqlDialect>(sp => sp.GetRequiredService<SqliteDatabase>().Dialect);
        // SQLite's archive also serves files that older versions kept in data/reports/.
        services.AddSingleton<IReportArchive, SqliteReportArchive>();
        services.AddSqlStores();
        // One server on its own file: what servers sharing a store tell each other stays in this process.
        services.AddSingleton<IChangeFeed, InProcessChangeFeed>();
        services.AddSingleton<IClusterLock, InProcessClusterLock>();
        services.AddSingleton<IStoreHealth, SqliteStoreHealth>();
        services.AddSingleton<ICatalogStore, FileCatalogStore>();
        return services;
    }
}
