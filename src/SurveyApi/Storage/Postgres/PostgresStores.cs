using ParSurvey.SurveyApi.Storage.Sql;

namespace ParSurvey.SurveyApi.Storage.Postgres;

// The stores written once over a dialect (Storage/Sql), on the PostgreSQL database.
public sealed class PostgresStaffStore(PostgresDatabase database) : SqlStaffStore(database.Dialect);
public sealed class PostgresDeviceStore(PostgresDatabase database) : SqlDeviceStore(database.Dialect);
public sealed class PostgresFeedbackStore(PostgresDatabase database) : SqlFeedbackStore(database.Dialect);
public sealed class PostgresMailOutbox(PostgresDatabase database) : SqlMailOutbox(database.Dialect);
public sealed class PostgresReportArchive(PostgresDatabase database) : SqlReportArchive(database.Dialect);
public sealed class PostgresAuditLog(PostgresDatabase database) : SqlAuditLog(database.Dialect);
public sealed class PostgresJobStateStore(PostgresDatabase database) : SqlJobStateStore(database.Dialect);
public sealed class PostgresQrKeyStore(PostgresDatabase database) : SqlQrKeyStore(database.Dialect);
public sealed class PostgresPosterStore(PostgresDatabase database) : SqlPosterStore(database.Dialect);
public sealed class PostgresSessionStore(PostgresDatabase database) : SqlSessionStore(database.Dialect);
public sealed class PostgresStaffInvitationStore(PostgresDatabase database) : SqlStaffInvitationStore(database.Dialect);
public sealed class PostgresApiTokenStore(PostgresDatabase database) : SqlApiTokenStore(database.Dialect);
public sealed class PostgresDataProtectionKeyStore(PostgresDatabase database) : SqlDataProtectionKeyStore(database.Dialect);
public sealed class PostgresSettingsStore(PostgresDatabase database) : SqlSettingsStore(database.Dialect);
