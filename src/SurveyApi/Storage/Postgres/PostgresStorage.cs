using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.KioskPages;
using ParSurvey.SurveyApi.Storage.Sql;

namespace ParSurvey.SurveyApi.Storage.Postgres;

public static class PostgresStorage
{
    /// <summary>
    /// Every storage port on a PostgreSQL database (ParSurvey:Storage:ConnectionString): for a city's server that
    /// many wards and several app servers share. The schema is created and migrated at start-up.
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp => new PostgresDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString!));
        services.AddSingleton<IRatingStore>(sp => new PostgresRatingStore(sp.GetRequiredService<PostgresDatabase>(),
            TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<KioskOptions>>().Value.CooldownSeconds)));
        services.AddSingleton<SqlDialect>(sp => sp.GetRequiredService<PostgresDatabase>().Dialect);
        services.AddSqlStores();
        // Several servers on one database: the feed between them, their shared locks, keys, catalog and rating sequence.
        services.AddSingleton<PostgresChangeFeed>();
        services.AddSingleton<IChangeFeed>(sp => sp.GetRequiredService<PostgresChangeFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresChangeFeed>());
        services.AddSingleton<IClusterLock, PostgresClusterLock>();
        services.AddSingleton<IStoreHealth, PostgresStoreHealth>();
        services.AddSingleton<ICatalogStore, PostgresCatalogStore>();
        services.AddSingleton<IRatingFeed, PostgresRatingFeed>();
        return services;
    }
}
