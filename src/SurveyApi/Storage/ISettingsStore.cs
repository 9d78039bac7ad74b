namespace ParSurvey.SurveyApi.Storage;

/// <summary>
/// A few settings an administrator changes in the console rather than in the server's configuration (the public
/// address), kept in the store so every server sharing it reads the same value; each names who set it and when.
/// </summary>
public interface ISettingsStore
{
    /// <returns>null when never set.</returns>
    Task<StoredSetting?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Sets (or replaces) the value.</summary>
    Task SetAsync(StoredSetting setting, CancellationToken cancellationToken = default);
}

public sealed record StoredSetting(string Name, string Value, DateTimeOffset ChangedAt, string ChangedBy);
