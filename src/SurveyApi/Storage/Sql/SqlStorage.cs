using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ParSurvey.SurveyApi.Storage.Sql;

public static class SqlStorage
{
    /// <summary>
    /// The stores written once, over the engine's <see cref="SqlDialect"/> (registered by AddSqliteStorage or
    /// AddPostgresStorage). An engine that needs its own variant of one registers it first; a new store is one line here.
    /// </summary>
    public static IServiceCollection AddSqlStores(this IServiceCollection services)
    {
        services.TryAddSingleton<IStaffStore>(sp => new SqlStaffStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<ISessionStore>(sp => new SqlSessionStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IDeviceStore>(sp => new SqlDeviceStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IAuditLog>(sp => new SqlAuditLog(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IStaffInvitationStore>(sp => new SqlStaffInvitationStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IApiTokenStore>(sp => new SqlApiTokenStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IQrKeyStore>(sp => new SqlQrKeyStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IPosterStore>(sp => new SqlPosterStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IReportArchive>(sp => new SqlReportArchive(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IJobStateStore>(sp => new SqlJobStateStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IFeedbackStore>(sp => new SqlFeedbackStore(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IMailOutbox>(sp => new SqlMailOutbox(sp.GetRequiredService<SqlDialect>()));
        services.TryAddSingleton<IDataProtectionKeyStore>(sp => new SqlDataProtectionKeyStore(sp.GetRequiredService<SqlDialect>()));
        return services;
    }
}
