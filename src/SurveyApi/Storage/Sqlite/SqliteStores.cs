using ParSurvey.SurveyApi.Storage.Sql;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

// The stores written once over a dialect (Storage/Sql), on the SQLite file.
public sealed class SqliteStaffStore(SqliteDatabase database) : SqlStaffStore(database.Dialect);
public sealed class SqliteDeviceStore(SqliteDatabase database) : SqlDeviceStore(database.Dialect);
public sealed class SqliteFeedbackStore(SqliteDatabase database) : SqlFeedbackStore(database.Dialect);
public sealed class SqliteMailOutbox(SqliteDatabase database) : SqlMailOutbox(database.Dialect);
public sealed class SqliteAuditLog(SqliteDatabase database) : SqlAuditLog(database.Dialect);
public sealed class SqliteJobStateStore(SqliteDatabase database) : SqlJobStateStore(database.Dialect);
public sealed class SqliteQrKeyStore(SqliteDatabase database) : SqlQrKeyStore(database.Dialect);
public sealed class SqlitePosterStore(SqliteDatabase database) : SqlPosterStore(database.Dialect);
public sealed class SqliteSessionStore(SqliteDatabase database) : SqlSessionStore(database.Dialect);
public sealed class SqliteStaffInvitationStore(SqliteDatabase database) : SqlStaffInvitationStore(database.Dialect);
public sealed class SqliteApiTokenStore(SqliteDatabase database) : SqlApiTokenStore(database.Dialect);
public sealed class SqliteDataProtectionKeyStore(SqliteDatabase database) : SqlDataProtectionKeyStore(database.Dialect);
public sealed class SqliteSettingsStore(SqliteDatabase database) : SqlSettingsStore(database.Dialect);
