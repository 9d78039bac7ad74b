namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlSettingsStore(SqlDialect d) : ISettingsStore
{
    public async Task<StoredSetting?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync("SELECT name, value, changed_at, changed_by FROM settings WHERE name = $1;",
            r => new StoredSetting(r.GetString(0), r.GetString(1), d.Instant(r, 2), r.GetString(3)), cancellationToken, name)).SingleOrDefault();

    public Task SetAsync(StoredSetting setting, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("""
            INSERT INTO settings (name, value, changed_at, changed_by) VALUES ($1, $2, $3, $4)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, changed_by = excluded.changed_by;
            """, cancellationToken, setting.Name, setting.Value, setting.ChangedAt, setting.ChangedBy);
}
