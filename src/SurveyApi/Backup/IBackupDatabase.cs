namespace ParSurvey.SurveyApi.Backup;

/// <summary>How one storage provider copies its database into a backup folder from one snapshot, and puts it back.</summary>
public interface IBackupDatabase
{
    public const string Sqlite = "sqlite", Postgres = "postgres";

    /// <summary>sqlite or postgres, as the manifest records it.</summary>
    string Provider { get; }

    /// <summary>The database's file in the backup folder.</summary>
    string FileName { get; }

    /// <summary>Throws <see cref="BackupException"/> when there is nothing to back up.</summary>
    Task CheckSourceAsync(CancellationToken ct);

    /// <summary>Writes the copy; every rating committed before it began is in it.</summary>
    /// <returns>The ratings in the copy and its schema version, read from the same snapshot.</returns>
    Task<(long Ratings, int SchemaVersion)> CopyAsync(string copy, CancellationToken ct);

    /// <summary>Throws <see cref="BackupException"/> when the target already holds a database: a restore never overwrites.</summary>
    Task CheckTargetIsEmptyAsync(CancellationToken ct);

    /// <summary>Throws <see cref="BackupException"/> when the copy is not a whole, readable database.</summary>
    Task CheckCopyAsync(string copy, CancellationToken ct);

    /// <summary>Puts the copy in place, all or nothing.</summary>
    Task RestoreAsync(string copy, CancellationToken ct);
}
