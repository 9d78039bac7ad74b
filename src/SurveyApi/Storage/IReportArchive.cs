namespace ParSurvey.SurveyApi.Storage;

/// <summary>One archived report file: what it is, where it lies under the data folder, its checksum.</summary>
/// <param name="UnitId">The unit, or "*" for the whole city.</param>
public sealed record ArchivedReport(Guid Id, string UnitId, string PeriodKey, string Format, string FileName, string Sha256, long Size,
    DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>The report archive's index. There is at most one entry per (unit, period, format): once archived, a report stays as it was.</summary>
public interface IReportArchive
{
    Task<ArchivedReport?> FindAsync(string unitId, string periodKey, string format, CancellationToken cancellationToken = default);
    Task<ArchivedReport?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <returns>false when an entry for the same unit, period and format exists already.</returns>
    Task<bool> AddAsync(ArchivedReport report, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ArchivedReport>> ListAsync(string? periodKey, CancellationToken cancellationToken = default);
}
