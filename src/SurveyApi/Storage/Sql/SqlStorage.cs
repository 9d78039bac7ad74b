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
        Add<IStaffStore>(d => new SqlStaffStore(d));
        Add<ISessionStore>(d => new SqlSessionStore(d));
        Add<IDeviceStore>(d => new SqlDeviceStore(d));
        Add<IAuditLog>(d => new SqlAuditLog(d));
        Add<IStaffInvitationStore>(d => new SqlStaffInvitationStore(d));
        Add<IApiTokenStore>(d => new SqlApiTokenStore(d));
        Add<IQrKeyStore>(d => new SqlQrKeyStore(d));
        Add<IPosterStore>(d => new SqlPosterStore(d));
        Add<IReportArchive>(d => new SqlReportArchive(d));
        Add<IJobStateStore>(d => new SqlJobStateStore(d));
        Add<IFeedbackStore>(d => new SqlFeedbackStore(d));
        Add<IMailOutbox>(d => new SqlMailOutbox(d));
        Add<IDataProtectionKeyStore>(d => new SqlDataProtectionKeyStore(d));
        Add<ISettingsStore>(d => new SqlSettingsStore(d));
        return services;

        void Add<TPort>(Func<SqlDialect, TPort> make) where TPort : class =>
            services.TryAddSingleton(sp => make(sp.GetRequiredService<SqlDialect>()));
    }
}
