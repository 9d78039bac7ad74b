namespace ParSurvey.SurveyApi.Storage;

/// <summary>One archived report file: what it is, its name, its checksum. Its bytes are kept in the store beside it.</summary>
/// <param name="UnitId">The unit, or "*" for the whole city.</param>
public sealed record ArchivedReport(Guid Id, string UnitId, string PeriodKey, string Format, string FileName, string Sha256, long Size,
    DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>
/// The report archive: the index and the files' bytes, in the store, so that any server process serves any archived file.
/// There is at most one entry per (unit, period, format): once archived, a report stays as it was.
/// </summary>
public interface IReportArchive
{
    Task<ArchivedReport?> FindAsync(string unitId, string periodKey, string format, CancellationToken cancellationToken = default);
    Task<ArchivedReport?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The entry and its file together (one transaction).</summary>
    /// <returns>false, and nothing stored, when an entry for the same unit, period and format exists already.</returns>
    Task<bool> AddAsync(ArchivedReport report, byte[] content, CancellationToken cancellationToken = default);

    /// <summary>The archived file's bytes; null when there is no such entry (or its file cannot be found).</summary>
    Task<byte[]?> ReadAsync(Guid id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ArchivedReport>> ListAsync(string? periodKey, CancellationToken cancellationToken = default);
}
