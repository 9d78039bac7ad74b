using System.Data.Common;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlStaffStore(SqlDialect d) : IStaffStore
{
    private const string Columns = "id, email, display_name, role, unit_id, password_hash, must_change, failed_logins, locked_until, disabled, created_at";

    public async Task<bool> CreateAsync(StaffAccount a, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync($"INSERT INTO staff ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING;",
            cancellationToken, Values(a)) == 1;

    public async Task<StaffAccount?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync($"SELECT {Columns} FROM staff WHERE id = $1;", Read, cancellationToken, id)).FirstOrDefault();

    public async Task<StaffAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync($"SELECT {Columns} FROM staff WHERE email = $1;", Read, cancellationToken, email.Trim().ToLowerInvariant())).FirstOrDefault();

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken = default) =>
        await d.QueryAsync($"SELECT {Columns} FROM staff ORDER BY email{d.ByteOrder};", Read, cancellationToken);

    public Task UpdateAsync(StaffAccount a, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("""
            UPDATE staff SET email = $2, display_name = $3, role = $4, unit_id = $5, password_hash = $6,
                must_change = $7, failed_logins = $8, locked_until = $9, disabled = $10
            WHERE id = $1;
            """, cancellationToken, Values(a)[..10]);

    public async Task<(int Attempt, DateTimeOffset? LockedUntil)> CountSignInAttemptAsync(Guid id, DateTimeOffset now, int maxFailed,
        DateTimeOffset lockUntil, CancellationToken cancellationToken = default)
    {
        // One statement, so no two concurrent attempts read the same count (issue 13, finding 7): SQLite runs it under its
        // write lock, PostgreSQL under the row lock. SQLite's instants are fixed-width UTC text: comparing them compares times.
        var rows = await d.QueryAsync("""
            UPDATE staff SET
                failed_logins = CASE WHEN locked_until <= $2 THEN 1 ELSE failed_logins + 1 END,
                locked_until = CASE
                    WHEN locked_until <= $2 THEN CASE WHEN $4 <= 1 THEN $3 ELSE NULL END
                    WHEN locked_until IS NULL AND failed_logins + 1 >= $4 THEN $3
                    ELSE locked_until END
            WHERE id = $1
            RETURNING failed_logins, locked_until;
            """, r => (r.GetInt32(0), d.InstantOrNull(r, 1)), cancellationToken, id, now, lockUntil, maxFailed);
        return rows.Count == 0 ? (int.MaxValue, null) : rows[0];
    }

    public Task RecordSignInAsync(Guid id, string? newPasswordHash, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("UPDATE staff SET failed_logins = 0, locked_until = NULL, password_hash = COALESCE(CAST($2 AS text), password_hash) WHERE id = $1;",
            cancellationToken, id, newPasswordHash);

    public async Task<int> CountAsync(CancellationToken cancellationToken = default) =>
        Convert.ToInt32(await d.ScalarAsync("SELECT COUNT(*) FROM staff;", cancellationToken));

    private static object?[] Values(StaffAccount a) =>
        [a.Id, a.Email.Trim().ToLowerInvariant(), a.DisplayName, a.Role, a.UnitId, a.PasswordHash, a.MustChangePassword, a.FailedLogins,
            a.LockedUntil, a.Disabled, a.CreatedAt];

    private StaffAccount Read(DbDataReader r) =>
        new(d.Uuid(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), SqlDialect.TextOrNull(r, 4), r.GetString(5), d.Bool(r, 6), r.GetInt32(7),
            d.InstantOrNull(r, 8), d.Bool(r, 9), d.Instant(r, 10));
}
