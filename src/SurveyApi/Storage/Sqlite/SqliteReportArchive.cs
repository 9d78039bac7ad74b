using System.Security.Cryptography;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage.Sql;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>
/// The report archive on the SQLite file. Data folders from before schema 8 kept the files under reports/&lt;period&gt;/
/// beside the database: such a file is read from there the first time it is asked for (checked against its index
/// entry's checksum) and kept in the table from then on.
/// </summary>
public sealed class SqliteReportArchive(SqliteDatabase database) : SqlReportArchive(database.Dialect)
{
    /// <summary>
    /// An archived file as versions before schema 8 kept it: data/reports/&lt;period&gt;/&lt;file name&gt; beside the database;
    /// null when it is not there, does not match its entry's checksum, or its name would lead outside the folder.
    /// </summary>
    public override byte[]? LegacyFile(ArchivedReport entry)
    {
        try
        {
            var path = SafePath.Under(Path.GetDirectoryName(Path.GetFullPath(database.Path))!, "reports", entry.PeriodKey, entry.FileName);
            if (!File.Exists(path)) return null;
            var bytes = File.ReadAllBytes(path);
            return Convert.ToHexStringLower(SHA256.HashData(bytes)) == entry.Sha256 ? bytes : null;
        }
        catch (UnsafePathException)
        {
            return null;
        }
    }
}
